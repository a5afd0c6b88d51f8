package io.metrics.lakehouse.query.core;

import io.metrics.lakehouse.controlplane.ControlPlaneSchema;
import io.metrics.lakehouse.query.db.ControlPlaneCalls;
import io.metrics.lakehouse.query.api.Dashboard;
import io.metrics.lakehouse.query.api.DashboardSpec;
import io.metrics.lakehouse.query.db.DashboardDao;
import jakarta.ws.rs.NotFoundException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Saved dashboards: validation, then the table. Ids that are not UUIDs name no dashboard (404, as
 * an unknown one). The database being down is a 503, not a stack trace.
 */
public class DashboardService {

    /** Seconds a client should wait before retrying while the control-plane database is down. */

    private final DashboardValidator validator;
    private final DashboardDao dao;
    private final ControlPlaneCalls calls;

    public DashboardService(DashboardValidator validator, DashboardDao dao, ControlPlaneSchema schema) {
        this.validator = validator;
        this.dao = dao;
        this.calls = new ControlPlaneCalls(schema, "Dashboards");
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
        return calls.run(work);
    }

    private static UUID uuid(String id) {
        return ControlPlaneCalls.canonicalUuid(id).orElseThrow(() -> notFound(id));
    }

    private static NotFoundException notFound(String id) {
        return new NotFoundException("no dashboard with id " + id);
    }
}
