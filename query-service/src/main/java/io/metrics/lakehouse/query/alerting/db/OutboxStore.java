package io.metrics.lakehouse.query.alerting.db;

import com.fasterxml.jackson.core.type.TypeReference;
import io.metrics.lakehouse.query.alerting.notify.Alert;
import io.metrics.lakehouse.query.alerting.notify.Destination;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/** alert_notifications (the outbox) and alert_notification_groups (grouping state and lock). */
public class OutboxStore {

    public record GroupRef(String channel, String groupKey) {}

    public record Group(GroupRef ref, Map<String, String> groupLabels, Instant lastSentAt, Map<String, Alert> firing,
            long repeatIntervalMs) {}

    public record Row(long id, String fingerprint, UUID eventId, String transition, Alert alert, Instant createdAt,
            long groupWaitMs, long groupIntervalMs, long repeatIntervalMs, int attempts) {}

    private static final TypeReference<Map<String, Alert>> ALERTS = new TypeReference<>() {};

    private final Jdbi jdbi;
    private final Json json;

    public OutboxStore(Jdbi jdbi, Json json) {
        this.jdbi = jdbi;
        this.json = json;
    }

    /**
     * Enqueues one notification in the caller's (the transition's) transaction. The unique
     * (channel, dedup_key) makes a second enqueue of the same transition a no-op.
     */
    public void enqueue(Handle h, Destination destination, String dedupKey, UUID ruleId, UUID eventId, Alert alert,
            Instant now) {
        Map<String, String> groupLabels = destination.groupLabels(alert.labels());
        String groupKey = destination.groupKey(alert.labels());
        h.createUpdate("""
                INSERT INTO alert_notification_groups (channel, group_key, group_labels)
                VALUES (:channel, :groupKey, CAST(:groupLabels AS jsonb)) ON CONFLICT DO NOTHING""")
                .bind("channel", destination.channel()).bind("groupKey", groupKey)
                .bind("groupLabels", json.write(groupLabels)).execute();
        h.createUpdate("""
                INSERT INTO alert_notifications (channel, dedup_key, group_key, group_labels, group_wait_ms,
                    group_interval_ms, repeat_interval_ms, rule_id, event_id, fingerprint, transition, alert,
                    created_at, next_attempt_at)
                VALUES (:channel, :dedupKey, :groupKey, CAST(:groupLabels AS jsonb), :wait, :interval, :repeat,
                    :rule, :event, :fp, :transition, CAST(:alert AS jsonb), :now, :now)
                ON CONFLICT (channel, dedup_key) DO NOTHING""")
                .bind("channel", destination.channel()).bind("dedupKey", dedupKey).bind("groupKey", groupKey)
                .bind("groupLabels", json.write(groupLabels))
                .bind("wait", destination.groupWait().toMillis()).bind("interval", destination.groupInterval().toMillis())
                .bind("repeat", destination.repeatInterval().toMillis())
                .bind("rule", ruleId).bind("event", eventId).bind("fp", alert.fingerprint())
                .bind("transition", alert.status()).bind("alert", json.write(alert)).bind("now", now)
                .execute();
    }

    /** Groups with notifications ready to go (the group timers are checked under the group's lock). */
    public List<GroupRef> groupsWithPending(Instant now, int limit) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT channel, group_key FROM alert_notifications
                        WHERE status = 'pending' AND next_attempt_at <= :now
                        GROUP BY channel, group_key ORDER BY min(created_at) LIMIT :limit""")
                .bind("now", now).bind("limit", limit)
                .map((rs, ctx) -> new GroupRef(rs.getString("channel"), rs.getString("group_key")))
                .list());
    }

    /** Groups with firing alerts whose repeat interval has passed since their last notification. */
    public List<GroupRef> groupsDueForRepeat(Instant now, int limit) {
        return jdbi.withHandle(h -> h.createQuery("""
                        SELECT channel, group_key FROM alert_notification_groups
                        WHERE firing <> '{}'::jsonb AND last_sent_at IS NOT NULL AND repeat_interval_ms > 0
                          AND last_sent_at + repeat_interval_ms * INTERVAL '1 millisecond' <= :now
                        ORDER BY last_sent_at LIMIT :limit""")
                .bind("now", now).bind("limit", limit)
                .map((rs, ctx) -> new GroupRef(rs.getString("channel"), rs.getString("group_key")))
                .list());
    }

    /** Locks the group row or returns empty when another replica holds it. */
    public Optional<Group> lockGroup(Handle h, GroupRef ref) {
        return h.createQuery("SELECT * FROM alert_notification_groups WHERE channel = :channel AND group_key = :groupKey "
                        + "FOR UPDATE SKIP LOCKED")
                .bind("channel", ref.channel()).bind("groupKey", ref.groupKey())
                .map((rs, ctx) -> new Group(ref, json.read(rs.getString("group_labels"), Json.STRING_MAP),
                        Json.instant(rs, "last_sent_at"), json.read(rs.getString("firing"), ALERTS),
                        rs.getLong("repeat_interval_ms")))
                .findOne();
    }

    public List<Row> lockPending(Handle h, GroupRef ref, Instant now) {
        return h.createQuery("""
                        SELECT * FROM alert_notifications
                        WHERE channel = :channel AND group_key = :groupKey AND status = 'pending' AND next_attempt_at <= :now
                        ORDER BY id FOR UPDATE SKIP LOCKED""")
                .bind("channel", ref.channel()).bind("groupKey", ref.groupKey()).bind("now", now)
                .map((rs, ctx) -> new Row(rs.getLong("id"), rs.getString("fingerprint"), rs.getObject("event_id", UUID.class),
                        rs.getString("transition"), json.read(rs.getString("alert"), Alert.class),
                        Json.instant(rs, "created_at"), rs.getLong("group_wait_ms"), rs.getLong("group_interval_ms"),
                        rs.getLong("repeat_interval_ms"), rs.getInt("attempts")))
                .list();
    }

    /** Whether the firing notification of this event was delivered on this channel (else its resolve is not sent). */
    public boolean firingSent(Handle h, String channel, UUID eventId) {
        return h.createQuery("SELECT 1 FROM alert_notifications WHERE channel = :channel AND event_id = :event "
                        + "AND transition = 'firing' AND status = 'sent'")
                .bind("channel", channel).bind("event", eventId).mapTo(Integer.class).findOne().isPresent();
    }

    public void finish(Handle h, long id, String status, Instant now) {
        h.createUpdate("UPDATE alert_notifications SET status = :status, attempts = attempts + CASE WHEN :status = 'sent' THEN 1 ELSE 0 END, "
                        + "delivered_at = CASE WHEN :status = 'sent' THEN CAST(:now AS timestamptz) END WHERE id = :id")
                .bind("id", id).bind("status", status).bind("now", now).execute();
    }

    public void retry(Handle h, long id, int attempts, Instant nextAttemptAt, boolean giveUp, String error) {
        h.createUpdate("UPDATE alert_notifications SET attempts = :attempts, next_attempt_at = :next, last_error = :error, "
                        + "status = CASE WHEN :giveUp THEN 'failed' ELSE 'pending' END WHERE id = :id")
                .bind("id", id).bind("attempts", attempts).bind("next", nextAttemptAt).bind("giveUp", giveUp)
                .bind("error", error).execute();
    }

    public void saveGroup(Handle h, GroupRef ref, Instant lastSentAt, Map<String, Alert> firing, long repeatIntervalMs) {
        h.createUpdate("UPDATE alert_notification_groups SET last_sent_at = CAST(:lastSentAt AS timestamptz), firing = CAST(:firing AS jsonb), "
                        + "repeat_interval_ms = :repeat WHERE channel = :channel AND group_key = :groupKey")
                .bind("channel", ref.channel()).bind("groupKey", ref.groupKey()).bind("lastSentAt", lastSentAt)
                .bind("firing", json.write(new LinkedHashMap<>(firing))).bind("repeat", repeatIntervalMs).execute();
    }

    public static Duration backoff(Duration initial, Duration max, int attempts) {
        long factor = 1L << Math.min(attempts - 1, 20);
        Duration backoff = initial.multipliedBy(factor);
        return backoff.compareTo(max) > 0 ? max : backoff;
    }
}
