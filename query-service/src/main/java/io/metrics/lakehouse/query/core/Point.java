package io.metrics.lakehouse.query.core;

import java.time.Instant;

/** The aggregate of one step, labelled with the step's start. */
public record Point(Instant ts, double value) {
}
