package io.metrics.lakehouse.gateway.db;

import io.dropwizard.lifecycle.Managed;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the control-plane schema up to date with Flyway (migrations in
 * {@code db/migration} next to this class). Tried at start; a failure there is logged, not fatal,
 * so the gateway starts (and reports {@code postgres} unhealthy) while PostgreSQL is down, and the
 * first request that needs the registry tries again. Flyway's own lock makes concurrent replicas safe.
 */
public class ControlPlaneSchema implements Managed {

    private static final Logger LOG = LoggerFactory.getLogger(ControlPlaneSchema.class);
    static final String LOCATION = "classpath:io/metrics/lakehouse/gateway/db/migration";

    private final DataSource dataSource;
    private volatile boolean migrated;

    public ControlPlaneSchema(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    @Override
    public void start() {
        try {
            ensureMigrated();
        } catch (RuntimeException e) {
            LOG.error("Control-plane schema not migrated at start (retried on first use): {}", e.getMessage());
        }
    }

    /** Migrates once per process; cheap after the first success. */
    public void ensureMigrated() {
        if (migrated) {
            return;
        }
        synchronized (this) {
            if (!migrated) {
                var result = Flyway.configure().dataSource(dataSource).locations(LOCATION).load().migrate();
                LOG.info("Control-plane schema at version {} ({} migration(s) applied)",
                        result.targetSchemaVersion, result.migrationsExecuted);
                migrated = true;
            }
        }
    }
}
