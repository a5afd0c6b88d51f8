package io.metrics.lakehouse.query.backfill.db;

import io.metrics.lakehouse.query.backfill.core.Backfill;
import io.metrics.lakehouse.query.backfill.core.BackfillRequest;
import io.metrics.lakehouse.query.backfill.core.BackfillState;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;

/** The {@code backfills} table of the control-plane database (migration V12). */
public class BackfillDao {

    private static final String COLUMNS = "id, range_start, range_end, metric_prefix, force, runner, dag_id, state,"
            + " error, requested_by, requested_at, updated_at";

    private final Jdbi jdbi;

    public BackfillDao(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    public void insert(Backfill backfill) {
        BackfillRequest request = backfill.request();
        jdbi.useHandle(handle -> handle.createUpdate("INSERT INTO backfills (" + COLUMNS + ") VALUES (:id, :start, :end,"
                        + " :prefix, :force, :runner, :dagId, :state, :error, :requestedBy, :requestedAt, :updatedAt)")
                .bind("id", backfill.id())
                .bind("start", utc(request.start()))
                .bind("end", utc(request.end()))
                .bind("prefix", request.metricPrefix())
                .bind("force", request.force())
                .bind("runner", backfill.runner())
                .bind("dagId", backfill.dagId())
                .bind("state", backfill.state().wire())
                .bind("error", backfill.error())
                .bind("requestedBy", backfill.requestedBy())
                .bind("requestedAt", utc(backfill.requestedAt()))
                .bind("updatedAt", utc(backfill.updatedAt()))
                .execute());
    }

    public void updateState(UUID id, BackfillState state, String error, Instant at) {
        jdbi.useHandle(handle -> handle.createUpdate("UPDATE backfills SET state = :state, error = :error,"
                        + " updated_at = :at WHERE id = :id")
                .bind("id", id)
                .bind("state", state.wire())
                .bind("error", error)
                .bind("at", utc(at))
                .execute());
    }

    public Optional<Backfill> find(UUID id) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT " + COLUMNS + " FROM backfills WHERE id = :id")
                .bind("id", id)
                .map(BackfillDao::row)
                .findOne());
    }

    /** The {@code limit} most recently requested, newest first. */
    public List<Backfill> recent(int limit) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT " + COLUMNS + " FROM backfills"
                        + " ORDER BY requested_at DESC, id LIMIT :limit")
                .bind("limit", limit)
                .map(BackfillDao::row)
                .list());
    }

    private static Backfill row(ResultSet rows, StatementContext context) throws SQLException {
        BackfillRequest request = new BackfillRequest(instant(rows, "range_start"), instant(rows, "range_end"),
                rows.getString("metric_prefix"), rows.getBoolean("force"));
        return new Backfill(rows.getObject("id", UUID.class), request, rows.getString("runner"),
                rows.getString("dag_id"), BackfillState.ofWire(rows.getString("state")), rows.getString("error"),
                rows.getString("requested_by"), instant(rows, "requested_at"), instant(rows, "updated_at"));
    }

    private static OffsetDateTime utc(Instant at) {
        return at.atOffset(ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet rows, String column) throws SQLException {
        return rows.getObject(column, OffsetDateTime.class).toInstant();
    }
}
