package io.metrics.lakehouse.query.alerting.core;

/** What a label set without data in the window counts as. */
public enum NoDataPolicy {
    /** Not breaching: a pending instance clears, a firing one resolves. */
    OK,
    /** Nothing changes: the instance keeps its state (and its timer) until data returns. */
    KEEP,
    /** Breaching: an instance without data fires after for_seconds (also an empty result: labels {}). */
    ALERTING
}
