package io.metrics.lakehouse.query.alerting.db;

import io.metrics.lakehouse.query.alerting.core.AlertState;
import io.metrics.lakehouse.query.alerting.core.StoredInstance;
import io.metrics.lakehouse.query.alerting.notify.Inhibitor;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/** alert_instances: the pending and firing alert instances (no row = OK). */
public class InstanceStore {

    private final Jdbi jdbi;
    private final Json json;

    public InstanceStore(Jdbi jdbi, Json json) {
        this.jdbi = jdbi;
        this.json = json;
    }

    public Map<String, StoredInstance> load(Handle h, UUID ruleId) {
        Map<String, StoredInstance> instances = new LinkedHashMap<>();
        h.createQuery("SELECT * FROM alert_instances WHERE rule_id = :rule")
                .bind("rule", ruleId)
                .map((rs, ctx) -> new StoredInstance(
                        rs.getString("fingerprint"),
                        json.read(rs.getString("labels"), Json.STRING_MAP),
                        AlertState.valueOf(rs.getString("state").toUpperCase(Locale.ROOT)),
                        Json.instant(rs, "pending_since"),
                        Json.instant(rs, "fired_at"),
                        rs.getObject("event_id", UUID.class)))
                .forEach(i -> instances.put(i.fingerprint(), i));
        return instances;
    }

    public void upsert(Handle h, UUID ruleId, String fingerprint, Map<String, String> labels, AlertState state,
            Instant pendingSince, Instant firedAt, UUID eventId, double value, Instant now) {
        h.createUpdate("""
                INSERT INTO alert_instances (rule_id, fingerprint, labels, state, pending_since, fired_at, event_id,
                    last_value, last_eval_at)
                VALUES (:rule, :fp, CAST(:labels AS jsonb), :state, :pendingSince, CAST(:firedAt AS timestamptz),
                    CAST(:eventId AS uuid), CAST(:value AS double precision), :now)
                ON CONFLICT (rule_id, fingerprint) DO UPDATE SET state = EXCLUDED.state,
                    pending_since = EXCLUDED.pending_since, fired_at = EXCLUDED.fired_at, event_id = EXCLUDED.event_id,
                    last_value = EXCLUDED.last_value, last_eval_at = EXCLUDED.last_eval_at""")
                .bind("rule", ruleId).bind("fp", fingerprint).bind("labels", json.write(labels))
                .bind("state", state.name().toLowerCase(Locale.ROOT)).bind("pendingSince", pendingSince)
                .bind("firedAt", firedAt).bind("eventId", eventId)
                .bind("value", Double.isNaN(value) ? null : value).bind("now", now)
                .execute();
    }

    public void touch(Handle h, UUID ruleId, String fingerprint, double value, Instant now) {
        h.createUpdate("UPDATE alert_instances SET last_value = CAST(:value AS double precision), last_eval_at = :now WHERE rule_id = :rule AND fingerprint = :fp")
                .bind("rule", ruleId).bind("fp", fingerprint).bind("value", Double.isNaN(value) ? null : value)
                .bind("now", now).execute();
    }

    public void delete(Handle h, UUID ruleId, String fingerprint) {
        h.createUpdate("DELETE FROM alert_instances WHERE rule_id = :rule AND fingerprint = :fp")
                .bind("rule", ruleId).bind("fp", fingerprint).execute();
    }

    /** The firing alerts of every live rule: the possible sources of inhibition. */
    public List<Inhibitor.Source> firing(Handle h) {
        return h.createQuery("""
                        SELECT i.fingerprint, i.labels FROM alert_instances i JOIN alert_rules r ON r.id = i.rule_id
                        WHERE i.state = 'firing' AND r.deleted_at IS NULL""")
                .map((rs, ctx) -> new Inhibitor.Source(rs.getString("fingerprint"),
                        json.read(rs.getString("labels"), Json.STRING_MAP)))
                .list();
    }

    public List<Inhibitor.Source> firing() {
        return jdbi.withHandle(this::firing);
    }
}
