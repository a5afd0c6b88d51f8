package io.metrics.lakehouse.gateway.db;

import io.metrics.lakehouse.core.MetricType;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;

/**
 * One row of the metric registry ({@code metrics} table).
 *
 * @param allowedTagKeys   the metric's own tag-key allowlist; empty = the global default applies
 * @param cardinalityLimit the metric's own series limit; empty = the gateway default applies
 */
public record MetricDefinition(
        UUID id,
        String name,
        MetricType type,
        Optional<List<String>> allowedTagKeys,
        OptionalLong cardinalityLimit) {
}
