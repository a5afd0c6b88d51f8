package io.metrics.lakehouse.gateway.core;

import io.metrics.lakehouse.gateway.api.CardinalityLimit;
import io.metrics.lakehouse.gateway.api.PointError;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The sum of the {@link MetricOutcome}s of a multi-metric request (remote_write, OTLP), plus the
 * points its adapter rejected before they had a metric (no or bad metric name).
 */
public record WriteOutcome(int accepted, int rejected, List<PointError> errors, List<CardinalityLimit> cardinality) {

    public static WriteOutcome of(List<MetricOutcome> outcomes, List<PointError> requestErrors) {
        int accepted = 0;
        List<PointError> errors = new ArrayList<>(requestErrors);
        List<CardinalityLimit> limits = new ArrayList<>();
        for (MetricOutcome outcome : outcomes) {
            accepted += outcome.accepted();
            errors.addAll(outcome.errors());
            outcome.cardinality().ifPresent(limits::add);
        }
        errors.sort(Comparator.comparingInt(PointError::index));
        return new WriteOutcome(accepted, errors.size(), errors, limits);
    }

    /** The first {@code max} errors (the counts stay exact). */
    public List<PointError> reportedErrors(int max) {
        return List.copyOf(errors.size() > max ? errors.subList(0, max) : errors);
    }
}
