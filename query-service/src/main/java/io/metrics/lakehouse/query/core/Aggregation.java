package io.metrics.lakehouse.query.core;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;

/** How the points of a series (or of a group of series) are combined within one step. */
public enum Aggregation {
    AVG, SUM, MIN, MAX, COUNT, LAST, RATE, INCREASE, P50(0.50), P75(0.75), P90(0.90), P95(0.95), P99(0.99);

    private final OptionalDouble quantile;

    Aggregation() {
        this.quantile = OptionalDouble.empty();
    }

    Aggregation(double quantile) {
        this.quantile = OptionalDouble.of(quantile);
    }

    /** What an aggregation reads of a bucket (rollup row or folded raw points). */
    public enum Input {
        COUNT, SUM, MIN, MAX, FIRST, LAST, INCREASE, SKETCH
    }

    /** Whether the aggregation reads {@code input}: unused columns are neither read nor computed. */
    public boolean uses(Input input) {
        return switch (this) {
            case AVG -> input == Input.SUM || input == Input.COUNT;
            case SUM -> input == Input.SUM;
            case MIN -> input == Input.MIN;
            case MAX -> input == Input.MAX;
            case COUNT -> input == Input.COUNT;
            case LAST -> input == Input.LAST;
            // Counter increase: within buckets, plus first - previous last between rows.
            case RATE, INCREASE -> input == Input.INCREASE || input == Input.FIRST || input == Input.LAST;
            case P50, P75, P90, P95, P99 -> input == Input.SKETCH;
        };
    }

    /** rate and increase: they need the increase between consecutive rows of a series. */
    public boolean isCounter() {
        return this == RATE || this == INCREASE;
    }

    /** The quantile of p50..p99; empty for the others. */
    public OptionalDouble quantile() {
        return quantile;
    }

    public boolean isQuantile() {
        return quantile.isPresent();
    }

    /** The name on the wire: {@code avg}, {@code p99}, ... */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Aggregation> fromWireName(String name) {
        return Arrays.stream(values()).filter(a -> a.wireName().equals(name)).findFirst();
    }
}
