package io.metrics.lakehouse.query.core;

import java.time.Duration;
import java.time.Instant;

/** One tier serving {@code [start, end)} at {@code step} (at least the tier's resolution). */
public record TierRange(Tier tier, Instant start, Instant end, Duration step) {
}
