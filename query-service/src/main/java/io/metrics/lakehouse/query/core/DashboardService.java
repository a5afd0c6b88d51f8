package io.metrics.lakehouse.query.core;

import io.metrics.lakehouse.controlplane.ControlPlaneSchema;
import io.metrics.lakehouse.query.api.Dashboard;
import io.metrics.lakehouse.query.api.DashboardSpec;
import io.metrics.lakehouse.query.db.DashboardDao;
import jakarta.ws.rs.NotFoundException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.flywaydb.core.api.FlywayException;
import org.jdbi.v3.core.JdbiException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Saved dashboards: validation, then the table. Ids that are not UUIDs name no dashboard (404, as
 * an unknown one). The database being down is a 503, not a stack trace.
 */
public class DashboardService {

    /** Seconds a client should wait before retrying while the control-plane database is down. */
    private static final long RETRY_AFTER_SECONDS = 5;
    private static final Logger LOG = LoggerFactory.getLogger(DashboardService.class);

    private final DashboardValidator validator;
    private final DashboardDao dao;
    private final ControlPlaneSchema schema;

    public DashboardService(DashboardValidator validator, DashboardDao dao, ControlPlaneSchema schema) {
        this.validator = validator;
        this.dao = dao;
        this.schema = schema;
    }

    public Dashboard create(DashboardSpec spec) {
        DashboardSpec valid = validator.validate(spec);
        return database(() -> dao.insert(valid));
    }

    public List<Dashboard> list() {
        return database(dao::list);
    }

    public Dashboard get(String id) {
        UUID uuid = uuid(id);
        return database(() -> dao.find(uuid)).orElseThrow(() -> notFound(id));
    }

    public Dashboard update(String id, DashboardSpec spec) {
        UUID uuid = uuid(id);
        DashboardSpec valid = validator.validate(spec);
        return database(() -> dao.update(uuid, valid)).orElseThrow(() -> notFound(id));
    }

    public void delete(String id) {
        UUID uuid = uuid(id);
        if (!database(() -> dao.delete(uuid))) {
            throw notFound(id);
        }
    }

    private <T> T database(Supplier<T> work) {
        try {
            // The schema may not have been migrated at start (PostgreSQL down then): try again now.
            schema.ensureMigrated();
            return work.get();
        } catch (JdbiException | FlywayException e) {
            LOG.warn("Dashboards: control-plane database unavailable", e);
            throw QueryException.unavailable("the control-plane database is unavailable; retry later",
                    RETRY_AFTER_SECONDS, e);
        }
    }

    /** Only the canonical form: UUID.fromString also takes "1-2-3-4-5", which no dashboard has. */
    private static UUID uuid(String id) {
        try {
            UUID uuid = UUID.fromString(id);
            if (uuid.toString().equalsIgnoreCase(id)) {
                return uuid;
            }
        } catch (IllegalArgumentException e) {
            // not a UUID: no such dashboard
        }
        throw notFound(id);
    }

    private static NotFoundException notFound(String id) {
        return new NotFoundException("no dashboard with id " + id);
    }
}
