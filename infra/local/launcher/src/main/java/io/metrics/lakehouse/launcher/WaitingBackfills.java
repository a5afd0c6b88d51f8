package io.metrics.lakehouse.launcher;

import io.metrics.lakehouse.local.StackEndpoints;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The backfills query-service recorded without a runner ({@code POST /v1/backfills} with no Airflow
 * configured: table {@code backfills} of the control-plane database, {@code runner = 'none'}, state
 * {@code waiting}). The embedded default's batch schedule claims the oldest, runs it and records the
 * outcome, which {@code GET /v1/backfills/{id}} then reports.
 */
final class WaitingBackfills {

    /** One claimed request, as batch-jobs backfill arguments. */
    record Claimed(UUID id, Instant start, Instant end, String metricPrefix, boolean force) {
        List<String> arguments() {
            List<String> args = new ArrayList<>(List.of("backfill", "--from", start.toString(), "--to", end.toString(),
                    "--progress", "lines", "--job-run-id", "backfill-" + id));
            if (!metricPrefix.isEmpty()) {
                args.addAll(List.of("--metric-prefix", metricPrefix));
            }
            if (force) {
                args.add("--force");
            }
            return args;
        }
    }

    private final StackEndpoints endpoints;

    WaitingBackfills(StackEndpoints endpoints) {
        this.endpoints = endpoints;
    }

    /** Claims the oldest waiting request (state -> running); empty when none, or before query-service made the table. */
    Optional<Claimed> claimOldest() throws SQLException {
        try (Connection db = connect()) {
            Claimed next;
            try (PreparedStatement select = db.prepareStatement("SELECT id, range_start, range_end, metric_prefix, force"
                    + " FROM backfills WHERE runner = 'none' AND state = 'waiting' ORDER BY requested_at LIMIT 1");
                    ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    return Optional.empty();
                }
                next = new Claimed(row.getObject(1, UUID.class), row.getTimestamp(2).toInstant(),
                        row.getTimestamp(3).toInstant(), row.getString(4), row.getBoolean(5));
            }
            // Only one claimer wins (another launcher on the same database, in theory).
            try (PreparedStatement claim = db.prepareStatement("UPDATE backfills SET state = 'running', updated_at = now()"
                    + " WHERE id = ? AND state = 'waiting'")) {
                claim.setObject(1, next.id());
                return claim.executeUpdate() == 1 ? Optional.of(next) : Optional.empty();
            }
        } catch (SQLException e) {
            if ("42P01".equals(e.getSQLState())) { // undefined_table: query-service has not migrated yet
                return Optional.empty();
            }
            throw e;
        }
    }

    void finish(UUID id, boolean succeeded, String error) throws SQLException {
        try (Connection db = connect(); PreparedStatement update = db.prepareStatement(
                "UPDATE backfills SET state = ?, error = ?, updated_at = now() WHERE id = ?")) {
            update.setString(1, succeeded ? "success" : "failed");
            update.setString(2, error);
            update.setObject(3, id);
            update.executeUpdate();
        }
    }

    private Connection connect() throws SQLException {
        return DriverManager.getConnection(endpoints.jdbcUrl(StackEndpoints.CONTROL_PLANE_DATABASE),
                endpoints.postgresUser(), endpoints.postgresPassword());
    }
}
