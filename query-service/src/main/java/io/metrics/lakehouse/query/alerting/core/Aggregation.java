package io.metrics.lakehouse.query.alerting.core;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Collectors;

/** How a rule reduces the points of its window to one value per label set (the query engine's set). */
public enum Aggregation {
    AVG, SUM, MIN, MAX, COUNT, LAST, RATE, INCREASE, P50, P75, P90, P95, P99;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Aggregation> fromWireName(String name) {
        return Arrays.stream(values()).filter(a -> a.wireName().equals(name)).findFirst();
    }

    public static String allWireNames() {
        return Arrays.stream(values()).map(Aggregation::wireName).collect(Collectors.joining(", "));
    }
}
