package io.metrics.lakehouse.query.db;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.metrics.lakehouse.query.api.Dashboard;
import io.metrics.lakehouse.query.api.DashboardPanel;
import io.metrics.lakehouse.query.api.DashboardSpec;
import io.metrics.lakehouse.query.api.DashboardTimeRange;
import java.io.UncheckedIOException;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;

/** The {@code dashboards} table of the control-plane database (migration V11). */
public class DashboardDao {

    private static final String COLUMNS = "id, name, panels::text AS panels, time_from, time_to, refresh, created_at, updated_at";
    private static final TypeReference<List<DashboardPanel>> PANELS = new TypeReference<>() {
    };

    private final Jdbi jdbi;
    private final ObjectMapper json;

    public DashboardDao(Jdbi jdbi, ObjectMapper json) {
        this.jdbi = jdbi;
        this.json = json;
    }

    public Dashboard insert(DashboardSpec spec) {
        return jdbi.withHandle(handle -> handle.createQuery("INSERT INTO dashboards (name, panels, time_from, time_to, refresh)"
                        + " VALUES (:name, CAST(:panels AS jsonb), :from, :to, :refresh) RETURNING " + COLUMNS)
                .bindMap(parameters(spec))
                .map(this::row)
                .one());
    }

    public List<Dashboard> list() {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT " + COLUMNS + " FROM dashboards"
                        + " ORDER BY lower(name), created_at, id")
                .map(this::row)
                .list());
    }

    public Optional<Dashboard> find(UUID id) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT " + COLUMNS + " FROM dashboards WHERE id = :id")
                .bind("id", id)
                .map(this::row)
                .findOne());
    }

    /** The updated dashboard, empty when there is none with this id. */
    public Optional<Dashboard> update(UUID id, DashboardSpec spec) {
        return jdbi.withHandle(handle -> handle.createQuery("UPDATE dashboards SET name = :name,"
                        + " panels = CAST(:panels AS jsonb), time_from = :from, time_to = :to, refresh = :refresh,"
                        + " updated_at = now() WHERE id = :id RETURNING " + COLUMNS)
                .bindMap(parameters(spec))
                .bind("id", id)
                .map(this::row)
                .findOne());
    }

    /** Whether there was a dashboard with this id. */
    public boolean delete(UUID id) {
        return jdbi.withHandle(handle -> handle.createUpdate("DELETE FROM dashboards WHERE id = :id")
                .bind("id", id)
                .execute()) > 0;
    }

    private Map<String, Object> parameters(DashboardSpec spec) {
        try {
            return Map.of("name", spec.name(), "panels", json.writeValueAsString(spec.panels()),
                    "from", spec.timeRange().from(), "to", spec.timeRange().to(), "refresh", spec.refresh());
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Dashboard row(ResultSet rows, StatementContext context) throws SQLException {
        List<DashboardPanel> panels;
        try {
            panels = json.readValue(rows.getString("panels"), PANELS);
        } catch (JsonProcessingException e) {
            throw new SQLException("dashboard " + rows.getString("id") + " has unreadable panels", e);
        }
        return new Dashboard(rows.getString("id"), rows.getString("name"), panels,
                new DashboardTimeRange(rows.getString("time_from"), rows.getString("time_to")),
                rows.getString("refresh"), instant(rows, "created_at"), instant(rows, "updated_at"));
    }

    private static String instant(ResultSet rows, String column) throws SQLException {
        return rows.getObject(column, OffsetDateTime.class).withOffsetSameInstant(ZoneOffset.UTC).toInstant().toString();
    }
}
