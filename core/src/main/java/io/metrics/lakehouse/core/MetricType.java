package io.metrics.lakehouse.core;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * What kind of value a metric carries. The names are the values of the {@code metric_type} column
 * of the Iceberg tables and of the APIs; the wire format has its own enum, mapped here.
 */
public enum MetricType {
    GAUGE("gauge"),
    COUNTER("counter"),
    HISTOGRAM_SUMMARY("histogram-summary");

    private final String label;

    MetricType(String label) {
        this.label = label;
    }

    /** The name used in tables and APIs: gauge, counter, histogram-summary. */
    public String label() {
        return label;
    }

    public static Optional<MetricType> fromLabel(String label) {
        String normalized = label == null ? "" : label.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values()).filter(t -> t.label.equals(normalized)).findFirst();
    }

    public io.metrics.lakehouse.core.wire.v1.MetricType toWire() {
        return switch (this) {
            case GAUGE -> io.metrics.lakehouse.core.wire.v1.MetricType.GAUGE;
            case COUNTER -> io.metrics.lakehouse.core.wire.v1.MetricType.COUNTER;
            case HISTOGRAM_SUMMARY -> io.metrics.lakehouse.core.wire.v1.MetricType.HISTOGRAM_SUMMARY;
        };
    }

    /** Empty for {@code METRIC_TYPE_UNSPECIFIED} (and values a newer writer may add). */
    public static Optional<MetricType> fromWire(io.metrics.lakehouse.core.wire.v1.MetricType wire) {
        return switch (wire) {
            case GAUGE -> Optional.of(GAUGE);
            case COUNTER -> Optional.of(COUNTER);
            case HISTOGRAM_SUMMARY -> Optional.of(HISTOGRAM_SUMMARY);
            default -> Optional.empty();
        };
    }
}
