package io.metrics.lakehouse.query.alerting.core;

import java.time.Instant;
import java.util.Map;

/**
 * What one evaluation does to one alert instance. {@code value} is NaN for "no data";
 * {@code labels} are the alert labels (series labels + alertname + severity).
 */
public record Change(Kind kind, String fingerprint, Map<String, String> labels, double value, Instant pendingSince,
        StoredInstance before) {

    public enum Kind {
        /** OK -> Pending: store the timer. */
        PEND,
        /** Pending or Firing, unchanged: record the latest value. */
        KEEP,
        /** -> Firing: open an event, notify. */
        FIRE,
        /** Pending -> OK: forget it, no notification. */
        CLEAR,
        /** Firing -> OK: close the event, notify. */
        RESOLVE
    }
}
