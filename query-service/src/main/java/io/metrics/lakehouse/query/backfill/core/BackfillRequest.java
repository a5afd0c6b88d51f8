package io.metrics.lakehouse.query.backfill.core;

import java.time.Instant;

/** A validated request: {@code [start, end)} on whole hours, the metric prefix ('' = all), force. */
public record BackfillRequest(Instant start, Instant end, String metricPrefix, boolean force) {
}
