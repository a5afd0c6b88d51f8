package io.metrics.lakehouse.controlplane;

import io.dropwizard.lifecycle.Managed;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Brings the control-plane database (PostgreSQL {@code metrics}) up to date with Flyway. Every
 * service that uses the database runs the same, complete set of migrations (in
 * {@code migration/} next to this class), so whichever starts first creates all tables and the
 * schema has one history: the metric registry (ingest-gateway), dashboards and backfills
 * (query-service), alert rules, state and the notification outbox (alerting).
 *
 * <p>Tried at start; a failure there is logged, not fatal, so a service starts (and reports
 * {@code postgres} unhealthy) while PostgreSQL is down, and the first use that needs the schema
 * tries again. Flyway's own lock makes concurrent replicas safe.
 *
 * <p>Migration numbers: V1-V9 registry and ingestion, V10-V19 query-service, V20-V29 alerting.
 * Never edit a released migration (its checksum is recorded); add a new one.
 */
public class ControlPlaneSchema implements Managed {

    private static final Logger LOG = LoggerFactory.getLogger(ControlPlaneSchema.class);
    static final String LOCATION = "classpath:io/metrics/lakehouse/controlplane/migration";

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
                var result = Flyway.configure()
                        .dataSource(dataSource)
                        .locations(LOCATION)
                        // A replica of an older release must not refuse to start because a newer
                        // one already applied migrations it does not know.
                        .ignoreMigrationPatterns("*:future")
                        // Each owner numbers in its own range (see above), so a lower number can be
                        // released after a higher one; it must still apply to existing databases.
                        .outOfOrder(true)
                        .load()
                        .migrate();
                LOG.info("Control-plane schema at version {} ({} migration(s) applied)",
                        result.targetSchemaVersion, result.migrationsExecuted);
                migrated = true;
            }
        }
    }
}
