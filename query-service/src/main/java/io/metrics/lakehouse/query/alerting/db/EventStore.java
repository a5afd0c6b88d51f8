package io.metrics.lakehouse.query.alerting.db;

import com.fasterxml.jackson.core.type.TypeReference;
import io.metrics.lakehouse.query.alerting.api.AlertEventView;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Query;

/** alert_events: one row per firing of an alert instance (the audit trail). */
public class EventStore {

    private static final TypeReference<Map<String, Double>> VALUES = new TypeReference<>() {};

    private final Jdbi jdbi;
    private final Json json;

    public EventStore(Jdbi jdbi, Json json) {
        this.jdbi = jdbi;
        this.json = json;
    }

    public UUID open(Handle h, UUID ruleId, String fingerprint, Map<String, String> labels, String severity,
            Instant pendingSince, Instant firedAt, Map<String, Double> values, Map<String, String> annotations) {
        return h.createQuery("""
                        INSERT INTO alert_events (rule_id, fired_at, status, labels, fingerprint, severity, pending_since,
                            fire_values, annotations)
                        VALUES (:rule, :firedAt, 'firing', CAST(:labels AS jsonb), :fp, :severity, :pendingSince,
                            CAST(:values AS jsonb), CAST(:annotations AS jsonb))
                        RETURNING id""")
                .bind("rule", ruleId).bind("firedAt", firedAt).bind("labels", json.write(labels))
                .bind("fp", fingerprint).bind("severity", severity).bind("pendingSince", pendingSince)
                .bind("values", json.write(values)).bind("annotations", json.write(annotations))
                .mapTo(UUID.class).one();
    }

    public void resolve(Handle h, UUID eventId, Instant resolvedAt, Map<String, Double> values) {
        h.createUpdate("UPDATE alert_events SET status = 'resolved', resolved_at = :at, resolve_values = CAST(:values AS jsonb) "
                        + "WHERE id = :id AND resolved_at IS NULL")
                .bind("id", eventId).bind("at", resolvedAt).bind("values", json.write(values)).execute();
    }

    /** Newest first; every filter optional. */
    public List<AlertEventView> find(String status, UUID ruleId, Instant since, int limit) {
        StringBuilder sql = new StringBuilder("""
                SELECT e.*, r.name AS rule_name FROM alert_events e JOIN alert_rules r ON r.id = e.rule_id WHERE TRUE""");
        if (status != null) {
            sql.append(" AND e.status = :status");
        }
        if (ruleId != null) {
            sql.append(" AND e.rule_id = :rule");
        }
        if (since != null) {
            // An alert firing since before 'since' that resolved after it is still of interest.
            sql.append(" AND (e.fired_at >= :since OR e.resolved_at >= :since OR e.resolved_at IS NULL)");
        }
        sql.append(" ORDER BY e.fired_at DESC, e.id LIMIT :limit");
        return jdbi.withHandle(h -> {
            Query query = h.createQuery(sql.toString()).bind("limit", limit);
            if (status != null) {
                query.bind("status", status);
            }
            if (ruleId != null) {
                query.bind("rule", ruleId);
            }
            if (since != null) {
                query.bind("since", since);
            }
            return query.map((rs, ctx) -> {
                Instant resolvedAt = Json.instant(rs, "resolved_at");
                String resolveValues = rs.getString("resolve_values");
                return new AlertEventView(
                        rs.getObject("id", UUID.class),
                        rs.getObject("rule_id", UUID.class),
                        rs.getString("rule_name"),
                        rs.getString("status"),
                        rs.getString("severity"),
                        rs.getString("fingerprint"),
                        // Sorted: JSONB keeps its own key order, the API answers in a stable one.
                        new TreeMap<>(json.read(rs.getString("labels"), Json.STRING_MAP)),
                        new TreeMap<>(json.read(rs.getString("annotations"), Json.STRING_MAP)),
                        json.read(rs.getString("fire_values"), VALUES),
                        resolveValues == null ? null : json.read(resolveValues, VALUES),
                        Json.instant(rs, "pending_since").toString(),
                        Json.instant(rs, "fired_at").toString(),
                        resolvedAt == null ? null : resolvedAt.toString());
            }).list();
        });
    }
}
