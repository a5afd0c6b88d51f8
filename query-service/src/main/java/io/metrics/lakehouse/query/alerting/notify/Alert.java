package io.metrics.lakehouse.query.alerting.notify;

import java.util.Map;

/**
 * One alert of a notification, in Alertmanager's alert shape (plus the expression values), as stored
 * in the outbox and rendered by every channel. Timestamps are RFC 3339 strings; a firing alert's
 * {@code endsAt} is Alertmanager's zero time.
 */
public record Alert(
        String status,
        Map<String, String> labels,
        Map<String, String> annotations,
        String startsAt,
        String endsAt,
        String generatorURL,
        String fingerprint,
        Map<String, Double> values) {

    public static final String FIRING = "firing";
    public static final String RESOLVED = "resolved";
    /** Alertmanager's "no end" ({@code endsAt} of a firing alert). */
    public static final String ZERO_TIME = "0001-01-01T00:00:00Z";

    public boolean firing() {
        return FIRING.equals(status);
    }
}
