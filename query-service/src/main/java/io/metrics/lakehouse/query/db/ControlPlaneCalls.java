package io.metrics.lakehouse.query.db;

import io.metrics.lakehouse.controlplane.ControlPlaneSchema;
import io.metrics.lakehouse.query.core.QueryException;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.flywaydb.core.api.FlywayException;
import org.jdbi.v3.core.JdbiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the query-service features that keep state in the control-plane database (dashboards,
 * backfills) call it: the schema is migrated first (it may not have been at start, with PostgreSQL
 * down), and an unavailable database is a 503 with Retry-After, never a stack trace.
 */
public final class ControlPlaneCalls {

    public static final long RETRY_AFTER_SECONDS = 5;
    private static final Logger LOG = LoggerFactory.getLogger(ControlPlaneCalls.class);

    private final ControlPlaneSchema schema;
    private final String feature;

    /** @param feature names the caller in the log ("Dashboards", "Backfills") */
    public ControlPlaneCalls(ControlPlaneSchema schema, String feature) {
        this.schema = schema;
        this.feature = feature;
    }

    public <T> T run(Supplier<T> work) {
        try {
            schema.ensureMigrated();
            return work.get();
        } catch (JdbiException | FlywayException e) {
            LOG.warn("{}: control-plane database unavailable", feature, e);
            throw QueryException.unavailable("the control-plane database is unavailable; retry later",
                    RETRY_AFTER_SECONDS, e);
        }
    }

    /** An id in canonical UUID form only: UUID.fromString also takes "1-2-3-4-5", which no row has. */
    public static Optional<UUID> canonicalUuid(String id) {
        try {
            UUID uuid = UUID.fromString(id);
            return uuid.toString().equalsIgnoreCase(id) ? Optional.of(uuid) : Optional.empty();
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
