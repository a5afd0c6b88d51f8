package io.metrics.lakehouse.gateway;

import static io.metrics.lakehouse.gateway.IngestResourceTest.now;
import static io.metrics.lakehouse.gateway.IngestResourceTest.uniqueMetric;
import static io.metrics.lakehouse.gateway.testing.RemoteWrite.series;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.metrics.lakehouse.gateway.prompb.Remote.WriteRequest;
import io.metrics.lakehouse.gateway.testing.Post;
import io.metrics.lakehouse.gateway.testing.RemoteWrite;
import io.metrics.lakehouse.local.LocalStackExtension;
import io.metrics.lakehouse.local.StackEndpoints;
import io.metrics.lakehouse.service.testing.TestHttp;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The gateway's own metrics on the admin port's Prometheus endpoint: points accepted and rejected
 * by protocol and reason, request latency per endpoint, Kafka produce latency, in-flight bytes and
 * the series count per metric, read back as a Prometheus server would scrape them.
 */
@ExtendWith({LocalStackExtension.class, DropwizardExtensionsSupport.class})
class SelfMonitoringTest {

    static final StackEndpoints STACK = LocalStackExtension.endpoints();

    static final DropwizardAppExtension<IngestGatewayConfiguration> APP = new DropwizardAppExtension<>(
            IngestGatewayApplication.class, "config/local.yml",
            ConfigOverride.randomPorts(),
            ConfigOverride.config("kafka.bootstrapServers", STACK.kafkaBootstrapServers()),
            ConfigOverride.config("database.url", STACK.jdbcUrl(StackEndpoints.CONTROL_PLANE_DATABASE)),
            ConfigOverride.config("database.user", STACK.postgresUser()),
            ConfigOverride.config("database.password", STACK.postgresPassword()));

    static String scrape() throws Exception {
        var response = TestHttp.get(APP.getAdminPort(), "/metrics/prometheus");
        assertEquals(200, response.statusCode());
        return response.body();
    }

    /** The value of one sample line (name and labels exactly as exposed), 0 when absent. */
    static double value(String exposition, String series) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " (\\S+)$").matcher(exposition);
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    @Test
    void aRejectedPointIncrementsItsReasonsCounterAndTheRestIsCountedToo() throws Exception {
        String invalidValue = "gateway_points_rejected_total{protocol=\"push-json\",reason=\"invalid_value\"}";
        String accepted = "gateway_points_accepted_total{protocol=\"push-json\"}";
        String requests200 = "gateway_requests_seconds_count{endpoint=\"ingest\",status=\"200\"}";
        String staleDropped = "gateway_points_dropped_total{protocol=\"prometheus-remote-write\",reason=\"stale_marker\"}";
        String rwNoName = "gateway_points_rejected_total{protocol=\"prometheus-remote-write\",reason=\"invalid_metric\"}";
        String before = scrape();
        String metric = uniqueMetric("selfmon");

        var response = Post.json(APP.getLocalPort(), "/v1/ingest", """
                {"metric": "%s", "points": [
                  {"timestamp": "%s", "value": 1, "tags": {"host": "a"}},
                  {"timestamp": "%s", "value": NaN, "tags": {"host": "a"}}]}""".formatted(metric, now(-5), now(-4)));
        assertEquals(200, response.statusCode(), response.body());
        long t = Instant.now().minusSeconds(3).toEpochMilli();
        var written = RemoteWrite.send(APP.getLocalPort(), WriteRequest.newBuilder()
                .addTimeseries(series(Map.of("job", "no-name"), t, 1))
                .addTimeseries(series(Map.of("__name__", "selfmon_up", "job", "x"), t,
                        Double.longBitsToDouble(0x7ff0000000000002L)))
                .build());
        assertEquals(400, written.statusCode(), written.body());

        String after = scrape();
        assertEquals(value(before, invalidValue) + 1, value(after, invalidValue), after);
        assertEquals(value(before, accepted) + 1, value(after, accepted));
        assertEquals(value(before, requests200) + 1, value(after, requests200));
        assertEquals(value(before, staleDropped) + 1, value(after, staleDropped));
        assertEquals(value(before, rwNoName) + 1, value(after, rwNoName));
        assertTrue(value(after, "gateway_requests_seconds_count{endpoint=\"remote_write\",status=\"400\"}") >= 1);
        assertTrue(after.contains("# TYPE gateway_requests_seconds summary"), after);
        assertTrue(value(after, "gateway_kafka_produce_seconds_count") >= 1, after);
        assertTrue(after.contains("gateway_kafka_produce_errors_total 0"), after);
        assertTrue(after.contains("\ningest_inflight_bytes "), "the in-flight gauge");

        // The series count comes from the registry, refreshed at most every 15 s.
        String series = "gateway_series{metric=\"" + metric + "\"}";
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (value(scrape(), series) != 1 && System.nanoTime() < deadline) {
            Thread.sleep(500);
        }
        assertEquals(1, value(scrape(), series));
    }
}
