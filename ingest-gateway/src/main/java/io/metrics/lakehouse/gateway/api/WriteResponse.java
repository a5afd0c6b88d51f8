package io.metrics.lakehouse.gateway.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * Body of a non-2xx answer of the multi-metric endpoints ({@code /api/v1/write}): the counts, the
 * first rejections (at most {@code ingest.maxErrorsReported}, sorted by sample index) and every
 * metric whose cardinality limit refused series. One line of JSON, because Prometheus logs only the
 * first line of an error body.
 */
@JsonPropertyOrder({"accepted", "rejected", "errors", "cardinality"})
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record WriteResponse(int accepted, int rejected, List<PointError> errors, List<CardinalityLimit> cardinality) {
}
