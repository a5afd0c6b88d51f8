package io.metrics.lakehouse.query.core;

/** A registered metric, for pickers: {@code GET /v1/metrics}. */
public record MetricInfo(String name, String unit, String type, String description) {
}
