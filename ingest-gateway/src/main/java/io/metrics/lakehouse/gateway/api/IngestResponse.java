package io.metrics.lakehouse.gateway.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/**
 * Answer of {@code POST /v1/ingest}: {@code {"accepted":2,"rejected":0,"errors":[]}}.
 *
 * <p>{@code errors} lists the rejected points (at most {@code ingest.maxErrorsReported}; the counts
 * are always exact). {@code cardinality} is present only in a 429: the metric, its limit and its
 * current series count.
 */
@JsonPropertyOrder({"accepted", "rejected", "errors", "cardinality"})
@JsonInclude(JsonInclude.Include.NON_NULL)
public record IngestResponse(int accepted, int rejected, List<PointError> errors, CardinalityLimit cardinality) {
}
