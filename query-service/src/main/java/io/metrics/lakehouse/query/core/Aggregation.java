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
