package io.metrics.lakehouse.gateway.core;

import io.metrics.lakehouse.gateway.api.CardinalityLimit;
import io.metrics.lakehouse.gateway.api.PointError;
import java.util.List;
import java.util.Optional;

/** What became of one metric's points: counts, every rejection (sorted by index), the limit hit if any. */
public record MetricOutcome(String metric, int accepted, int rejected, List<PointError> errors,
        Optional<CardinalityLimit> cardinality) {
}
