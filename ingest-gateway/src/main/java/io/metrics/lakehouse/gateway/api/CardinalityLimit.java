package io.metrics.lakehouse.gateway.api;

/**
 * Part of a 429 answer: the metric whose series limit refused new series.
 *
 * @param current the metric's distinct series now (at most {@code limit})
 */
public record CardinalityLimit(String metric, long limit, long current) {
}
