package io.metrics.lakehouse.gateway.api;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/**
 * Body of {@code POST /v1/ingest} (the seed's shape):
 * <pre>
 * {"metric": "api.latency.p99",
 *  "type": "gauge",                      (optional: gauge | counter | histogram-summary)
 *  "points": [{"timestamp": "2024-01-15T10:00:00Z", "value": 342.5, "tags": {"host": "web-01"}}]}
 * </pre>
 * A point's fields stay JSON trees here so that one bad point is reported by index instead of
 * failing the whole request.
 */
public record IngestRequest(String metric, String type, List<Point> points) {

    public record Point(JsonNode timestamp, JsonNode value, JsonNode tags) {
    }
}
