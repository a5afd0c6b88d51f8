package io.metrics.lakehouse.query.alerting.db;

import io.metrics.lakehouse.query.alerting.core.AlertRule;
import io.metrics.lakehouse.query.alerting.core.AlertState;
import io.metrics.lakehouse.query.alerting.core.Change;
import io.metrics.lakehouse.query.alerting.core.StoredInstance;
import io.metrics.lakehouse.query.alerting.notify.Alert;
import io.metrics.lakehouse.query.alerting.notify.Destination;
import io.metrics.lakehouse.query.alerting.notify.Router;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jdbi.v3.core.Handle;

/**
 * Writes an evaluation's changes in the caller's transaction: instance state, the event (opened on
 * fire, closed on resolve) and the outbox rows of each notification, so a transition and its
 * notifications commit together or not at all.
 */
public class TransitionWriter {

    /** How many instances fired and resolved. */
    public record Outcome(int fired, int resolved) {}

    private final InstanceStore instances;
    private final EventStore events;
    private final OutboxStore outbox;
    private final Router router;
    private final String externalUrl;

    public TransitionWriter(InstanceStore instances, EventStore events, OutboxStore outbox, Router router, String externalUrl) {
        this.instances = instances;
        this.events = events;
        this.outbox = outbox;
        this.router = router;
        this.externalUrl = externalUrl;
    }

    public Outcome apply(Handle h, AlertRule rule, List<Change> changes, Instant now) {
        int fired = 0;
        int resolved = 0;
        for (Change change : changes) {
            switch (change.kind()) {
                case PEND -> instances.upsert(h, rule.id(), change.fingerprint(), change.labels(), AlertState.PENDING,
                        now, null, null, change.value(), now);
                case KEEP -> instances.touch(h, rule.id(), change.fingerprint(), change.value(), now);
                case CLEAR -> instances.delete(h, rule.id(), change.fingerprint());
                case FIRE -> {
                    fire(h, rule, change, now);
                    fired++;
                }
                case RESOLVE -> {
                    resolve(h, rule, change.before(), change.value(), now);
                    resolved++;
                }
            }
        }
        return new Outcome(fired, resolved);
    }

    /** A deleted rule's firing alerts resolve (and notify); its pending ones are forgotten. */
    public void retire(Handle h, AlertRule rule, Map<String, StoredInstance> current, Instant now) {
        for (StoredInstance instance : current.values()) {
            if (instance.state() == AlertState.FIRING) {
                resolve(h, rule, instance, Double.NaN, now);
            } else {
                instances.delete(h, rule.id(), instance.fingerprint());
            }
        }
    }

    private void fire(Handle h, AlertRule rule, Change change, Instant now) {
        Map<String, Double> values = values(rule, change.value());
        String severity = change.labels().get(AlertRule.SEVERITY);
        UUID eventId = events.open(h, rule.id(), change.fingerprint(), change.labels(), severity, change.pendingSince(),
                now, values, rule.annotations());
        instances.upsert(h, rule.id(), change.fingerprint(), change.labels(), AlertState.FIRING, change.pendingSince(),
                now, eventId, change.value(), now);
        Alert alert = new Alert(Alert.FIRING, change.labels(), rule.annotations(), now.toString(), Alert.ZERO_TIME,
                generatorUrl(rule), change.fingerprint(), values);
        enqueue(h, rule, eventId, alert, severity, now);
    }

    private void resolve(Handle h, AlertRule rule, StoredInstance before, double value, Instant now) {
        Map<String, Double> values = values(rule, value);
        events.resolve(h, before.eventId(), now, values);
        instances.delete(h, rule.id(), before.fingerprint());
        Alert alert = new Alert(Alert.RESOLVED, before.labels(), rule.annotations(), before.firedAt().toString(),
                now.toString(), generatorUrl(rule), before.fingerprint(), values);
        enqueue(h, rule, before.eventId(), alert, before.labels().get(AlertRule.SEVERITY), now);
    }

    private void enqueue(Handle h, AlertRule rule, UUID eventId, Alert alert, String severity, Instant now) {
        for (Destination destination : router.destinations(alert.labels(), severity, rule.channels())) {
            String dedupKey = rule.id() + "/" + alert.fingerprint() + "/" + eventId + "/" + alert.status();
            outbox.enqueue(h, destination, dedupKey, rule.id(), eventId, alert, now);
        }
    }

    private static Map<String, Double> values(AlertRule rule, double value) {
        Map<String, Double> values = new LinkedHashMap<>();
        values.put(rule.expression().valueName(), Double.isNaN(value) ? null : value);
        return values;
    }

    private String generatorUrl(AlertRule rule) {
        return externalUrl + "/v1/alert-rules/" + rule.id();
    }
}
