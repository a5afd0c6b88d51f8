package io.metrics.lakehouse.gateway.core;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Well-formed metric names: Prometheus' alphabet plus dots ({@code api.latency.p99},
 * {@code http_requests_total}), at most 255 characters (the registry's column).
 */
public final class MetricNames {

    public static final int MAX_LENGTH = 255;
    public static final String PATTERN_TEXT = "[a-zA-Z_:][a-zA-Z0-9_.:]*";
    private static final Pattern PATTERN = Pattern.compile(PATTERN_TEXT);

    private MetricNames() {
    }

    /** Empty when valid, else why not. */
    public static Optional<String> problem(String name) {
        if (name == null || name.isEmpty()) {
            return Optional.of("metric is required");
        }
        if (name.length() > MAX_LENGTH) {
            return Optional.of("metric name is longer than " + MAX_LENGTH + " characters");
        }
        if (!PATTERN.matcher(name).matches()) {
            return Optional.of("metric name '" + name + "' is not valid: it must match " + PATTERN_TEXT);
        }
        return Optional.empty();
    }
}
