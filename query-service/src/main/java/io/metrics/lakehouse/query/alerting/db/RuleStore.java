package io.metrics.lakehouse.query.alerting.db;

import com.fasterxml.jackson.core.type.TypeReference;
import io.metrics.lakehouse.query.alerting.core.AlertRule;
import io.metrics.lakehouse.query.alerting.core.ExpressionParser;
import io.metrics.lakehouse.query.alerting.core.NoDataPolicy;
import io.metrics.lakehouse.query.alerting.core.Severity;
import io.metrics.lakehouse.query.alerting.core.TagFilter;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/** alert_rules: CRUD (soft delete) and the leases under which replicas evaluate them. */
public class RuleStore {

    /** A rule leased for evaluation and the instant it was due (for the lag metric). */
    public record LeasedRule(AlertRule rule, Instant dueAt) {}

    private static final TypeReference<List<TagFilter>> TAG_FILTERS = new TypeReference<>() {};
    private static final String COLUMNS = "r.*, (SELECT m.name FROM metrics m WHERE m.id = r.metric_id) AS metric_name";

    private final Jdbi jdbi;
    private final Json json;

    public RuleStore(Jdbi jdbi, Json json) {
        this.jdbi = jdbi;
        this.json = json;
    }

    /**
     * Creates the rule, and the metric's registry row when the metric was never seen: rules may be
     * written before the first point arrives (the gateway registers metrics on first write too).
     */
    public UUID create(AlertRule rule, Instant now) {
        return jdbi.inTransaction(h -> {
            UUID metricId = ensureMetric(h, rule.metric());
            return h.createQuery("""
                    INSERT INTO alert_rules (metric_id, name, expression, window_seconds, severity, for_seconds,
                        created_at, interval_seconds, tag_filters, group_by, channels, annotations, no_data_policy,
                        updated_at, next_eval_at)
                    VALUES (:metricId, :name, :expression, :window, :severity, :for, :now, :interval,
                        CAST(:tagFilters AS jsonb), CAST(:groupBy AS jsonb), CAST(:channels AS jsonb),
                        CAST(:annotations AS jsonb), :noData, :now, :now)
                    RETURNING id""")
                    .bind("metricId", metricId)
                    .bindMap(fields(rule))
                    .bind("now", now)
                    .mapTo(UUID.class)
                    .one();
        });
    }

    public boolean update(UUID id, AlertRule rule, Instant now) {
        return jdbi.inTransaction(h -> {
            UUID metricId = ensureMetric(h, rule.metric());
            return h.createUpdate("""
                    UPDATE alert_rules SET metric_id = :metricId, name = :name, expression = :expression,
                        window_seconds = :window, severity = :severity, for_seconds = :for, interval_seconds = :interval,
                        tag_filters = CAST(:tagFilters AS jsonb), group_by = CAST(:groupBy AS jsonb),
                        channels = CAST(:channels AS jsonb), annotations = CAST(:annotations AS jsonb),
                        no_data_policy = :noData, updated_at = :now, next_eval_at = :now
                    WHERE id = :id AND deleted_at IS NULL""")
                    .bind("id", id)
                    .bind("metricId", metricId)
                    .bindMap(fields(rule))
                    .bind("now", now)
                    .execute() == 1;
        });
    }

    /** Soft delete in the caller's transaction (the evaluation store resolves its firing alerts in the same one). */
    public boolean delete(Handle h, UUID id, Instant now) {
        return h.createUpdate("UPDATE alert_rules SET deleted_at = :now, lease_owner = NULL, lease_until = NULL "
                        + "WHERE id = :id AND deleted_at IS NULL")
                .bind("id", id).bind("now", now).execute() == 1;
    }

    public Optional<AlertRule> find(UUID id) {
        return jdbi.withHandle(h -> find(h, id));
    }

    public Optional<AlertRule> find(Handle h, UUID id) {
        return h.createQuery("SELECT " + COLUMNS + " FROM alert_rules r WHERE r.id = :id AND r.deleted_at IS NULL")
                .bind("id", id)
                .map((rs, ctx) -> map(rs))
                .findOne();
    }

    public List<AlertRule> list() {
        return jdbi.withHandle(h -> h.createQuery(
                        "SELECT " + COLUMNS + " FROM alert_rules r WHERE r.deleted_at IS NULL ORDER BY r.created_at, r.id")
                .map((rs, ctx) -> map(rs))
                .list());
    }

    /**
     * Leases up to {@code limit} due rules whose lease is free or expired. {@code SKIP LOCKED} keeps
     * concurrent replicas from waiting on each other; the lease keeps them apart afterwards.
     */
    public List<LeasedRule> lease(String owner, Instant now, Duration leaseDuration, int limit) {
        return jdbi.inTransaction(h -> h.createQuery("""
                        UPDATE alert_rules r SET lease_owner = :owner, lease_until = :until
                        FROM (SELECT id FROM alert_rules
                              WHERE deleted_at IS NULL AND next_eval_at <= :now
                                AND (lease_until IS NULL OR lease_until < :now)
                              ORDER BY next_eval_at LIMIT :limit FOR UPDATE SKIP LOCKED) due
                        WHERE r.id = due.id
                        RETURNING\s""" + COLUMNS)
                .bind("owner", owner)
                .bind("until", now.plus(leaseDuration))
                .bind("now", now)
                .bind("limit", limit)
                .map((rs, ctx) -> new LeasedRule(map(rs), Json.instant(rs, "next_eval_at")))
                .list());
    }

    /**
     * Locks the rule for writing an evaluation's results, only if {@code owner} still holds its lease
     * (fencing: a replica whose lease expired mid-evaluation writes nothing).
     */
    public boolean holdsLease(Handle h, UUID id, String owner, Instant now) {
        return h.createQuery("SELECT 1 FROM alert_rules WHERE id = :id AND deleted_at IS NULL "
                        + "AND lease_owner = :owner AND lease_until >= :now FOR UPDATE")
                .bind("id", id).bind("owner", owner).bind("now", now)
                .mapTo(Integer.class).findOne().isPresent();
    }

    /** Schedules the next evaluation and frees the lease. */
    public void release(Handle h, UUID id, Instant nextEvalAt) {
        h.createUpdate("UPDATE alert_rules SET next_eval_at = :next, lease_owner = NULL, lease_until = NULL WHERE id = :id")
                .bind("id", id).bind("next", nextEvalAt).execute();
    }

    private java.util.Map<String, Object> fields(AlertRule rule) {
        java.util.Map<String, Object> fields = new java.util.HashMap<>();
        fields.put("name", rule.name());
        fields.put("expression", rule.expressionText());
        fields.put("window", rule.windowSeconds());
        fields.put("severity", rule.severity().name().toLowerCase(Locale.ROOT));
        fields.put("for", rule.forSeconds());
        fields.put("interval", rule.intervalSeconds());
        fields.put("tagFilters", json.write(rule.tagFilters()));
        fields.put("groupBy", json.write(rule.groupBy()));
        fields.put("channels", json.write(rule.channels()));
        fields.put("annotations", json.write(rule.annotations()));
        fields.put("noData", rule.noDataPolicy().name().toLowerCase(Locale.ROOT));
        return fields;
    }

    private static UUID ensureMetric(Handle h, String metric) {
        h.createUpdate("INSERT INTO metrics (name) VALUES (:name) ON CONFLICT (name) DO NOTHING").bind("name", metric).execute();
        return h.createQuery("SELECT id FROM metrics WHERE name = :name").bind("name", metric).mapTo(UUID.class).one();
    }

    private AlertRule map(ResultSet rs) throws SQLException {
        String expression = rs.getString("expression");
        return new AlertRule(
                rs.getObject("id", UUID.class),
                rs.getString("metric_name"),
                rs.getString("name"),
                expression,
                ExpressionParser.parse(expression),
                rs.getInt("window_seconds"),
                rs.getInt("for_seconds"),
                Severity.valueOf(rs.getString("severity").toUpperCase(Locale.ROOT)),
                json.read(rs.getString("tag_filters"), TAG_FILTERS),
                json.read(rs.getString("group_by"), Json.STRING_LIST),
                rs.getInt("interval_seconds"),
                json.read(rs.getString("channels"), Json.STRING_LIST),
                json.read(rs.getString("annotations"), Json.STRING_MAP),
                NoDataPolicy.valueOf(rs.getString("no_data_policy").toUpperCase(Locale.ROOT)),
                Json.instant(rs, "created_at"),
                Json.instant(rs, "updated_at"));
    }
}
