package io.metrics.lakehouse.query.core;

/** A value of a tag key and how many series of the metric carry it. */
public record TagValue(String value, long series) {
}
