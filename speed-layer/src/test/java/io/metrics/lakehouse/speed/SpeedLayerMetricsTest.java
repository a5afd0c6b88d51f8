package io.metrics.lakehouse.speed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.metrics.lakehouse.local.FreePorts;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class SpeedLayerMetricsTest {

    @Test
    void readsTheKafkaSourceOffsetJson() throws Exception {
        assertEquals(Map.of(new TopicPartition("t", 0), 10L, new TopicPartition("t", 1), 5L),
                ConsumerLag.offsets("{\"t\":{\"0\":10,\"1\":5}}"));
        assertEquals(Map.of(), ConsumerLag.offsets(null));
    }

    @Test
    void servesCommittedPointsLagAndFreshnessAsPrometheusText() throws Exception {
        AtomicLong now = new AtomicLong(100_000);
        PrometheusRegistry registry = new PrometheusRegistry();
        SpeedLayerMetrics metrics = new SpeedLayerMetrics(registry, now::get);
        metrics.onBatch(0, new MicroBatchWriter.Outcome(10, 8, 1, true, true, 97_500L));
        metrics.onProgress(1200.0, 2400.0, 1500, 42);

        int port = FreePorts.next();
        try (MetricsEndpoint endpoint = MetricsEndpoint.start(registry, port)) {
            String body = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + endpoint.port() + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            assertTrue(body.contains("speed_layer_points_committed_total 8.0"), body);
            assertTrue(body.contains("speed_layer_points_duplicate_total 2.0"), body);
            assertTrue(body.contains("speed_layer_records_rejected_total 1.0"), body);
            assertTrue(body.contains("speed_layer_consumer_lag_records 42.0"), body);
            assertTrue(body.contains("speed_layer_batch_duration_seconds 1.5"), body);
            assertTrue(body.contains("speed_layer_input_records_per_second 1200.0"), body);
            assertTrue(body.contains("speed_layer_newest_point_age_seconds 2.5"), body);
        }
    }
}
