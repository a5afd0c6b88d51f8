package io.metrics.lakehouse.gateway.core;

import io.metrics.lakehouse.core.MetricType;
import io.metrics.lakehouse.gateway.api.PointError;
import java.util.List;

/**
 * The points of one metric in one request, as a protocol adapter decoded them.
 *
 * @param type        the type the request declares; used when the metric is created implicitly
 * @param points      decoded points
 * @param decodeErrors points the adapter could not decode (already rejected)
 * @param batchId     the batch id of this metric's records (Idempotency-Key or derived)
 */
public record MetricWrite(String metric, MetricType type, List<RawPoint> points, List<PointError> decodeErrors,
        String batchId) {
}
