package io.metrics.lakehouse.gateway;

import static io.metrics.lakehouse.gateway.IngestResourceTest.assertError;
import static io.metrics.lakehouse.gateway.IngestResourceTest.controlPlane;
import static io.metrics.lakehouse.gateway.IngestResourceTest.sample;
import static io.metrics.lakehouse.gateway.testing.RemoteWrite.series;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import com.google.protobuf.UnknownFieldSet;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.metrics.lakehouse.core.SeriesId;
import io.metrics.lakehouse.core.wire.v1.MetricType;
import io.metrics.lakehouse.core.wire.v1.PointBatch;
import io.metrics.lakehouse.core.wire.v1.RejectedBatch;
import io.metrics.lakehouse.core.wire.v1.SeriesPoints;
import io.metrics.lakehouse.gateway.prompb.Remote.WriteRequest;
import io.metrics.lakehouse.gateway.prompb.Types.MetricMetadata;
import io.metrics.lakehouse.gateway.prompb.Types.TimeSeries;
import io.metrics.lakehouse.gateway.testing.Post;
import io.metrics.lakehouse.gateway.testing.RemoteWrite;
import io.metrics.lakehouse.gateway.testing.Topics;
import io.metrics.lakehouse.local.LocalStackExtension;
import io.metrics.lakehouse.local.StackEndpoints;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.xerial.snappy.Snappy;

/**
 * {@code POST /api/v1/write} (Prometheus remote_write 1.0) through HTTP against the real stack, with
 * requests built as Prometheus builds them (its protobuf schema, snappy, its headers); what arrives
 * in Kafka is decoded and compared exactly.
 */
@ExtendWith({LocalStackExtension.class, DropwizardExtensionsSupport.class})
class RemoteWriteResourceTest {

    static final StackEndpoints STACK = LocalStackExtension.endpoints();
    static final double STALE_NAN = Double.longBitsToDouble(0x7ff0000000000002L);

    static final DropwizardAppExtension<IngestGatewayConfiguration> APP = new DropwizardAppExtension<>(
            IngestGatewayApplication.class, "config/local.yml",
            ConfigOverride.randomPorts(),
            ConfigOverride.config("kafka.bootstrapServers", STACK.kafkaBootstrapServers()),
            ConfigOverride.config("database.url", STACK.jdbcUrl(StackEndpoints.CONTROL_PLANE_DATABASE)),
            ConfigOverride.config("database.user", STACK.postgresUser()),
            ConfigOverride.config("database.password", STACK.postgresPassword()),
            ConfigOverride.config("ingest.maxRequestBytes", "1MiB"),
            ConfigOverride.config("ingest.enrichment.region", "test-region"));

    private final Topics topics = new Topics(STACK.kafkaBootstrapServers());

    /** Prometheus-style unique names: letters, digits and underscores. */
    static String uniqueName(String prefix) {
        return "rw_" + prefix + "_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    }

    static long secondsAgo(long seconds) {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(seconds).toEpochMilli();
    }

    static HttpResponse<String> send(WriteRequest request) throws Exception {
        return RemoteWrite.send(APP.getLocalPort(), request);
    }

    static SeriesPoints expectedSeries(String metric, Map<String, String> tags, long t, double v) {
        return SeriesPoints.newBuilder().setSeriesId(SeriesId.of(metric, tags)).putAllTags(tags)
                .addSamples(sample(t, v)).build();
    }

    @Test
    void samplesOfSeveralMetricsArriveInKafkaOneBatchPerMetricWithExactValuesLabelsAndTypes() throws Exception {
        String counter = uniqueName("http_requests") + "_total";
        String gauge = uniqueName("node_load1");
        long t0 = secondsAgo(30);
        WriteRequest request = WriteRequest.newBuilder()
                .addTimeseries(series(Map.of("__name__", counter, "job", "api", "instance", "10.0.0.1:9100",
                        "code", "200"), t0, 1027, t0 + 15_000, 1031.5))
                .addTimeseries(series(Map.of("__name__", counter, "job", "api", "instance", "10.0.0.1:9100",
                        "code", "500"), t0, 3))
                .addTimeseries(series(Map.of("__name__", gauge, "job", "node", "instance", "10.0.0.2:9100"),
                        t0, 0.42))
                .build();
        long before = System.currentTimeMillis();

        HttpResponse<String> response = send(request);

        long after = System.currentTimeMillis();
        assertEquals(204, response.statusCode(), response.body());
        assertEquals("", response.body());

        String hash = "prometheus-remote-write-[0-9a-f]{32}";
        PointBatch counters = single(topics.points(StackEndpoints.POINTS_TOPIC, counter, 1));
        assertEquals(MetricType.COUNTER, counters.getMetricType());
        assertEquals("prometheus-remote-write", counters.getSource());
        assertTrue(counters.getBatchId().matches(hash + "/" + counter), counters.getBatchId());
        assertTrue(counters.getIngestedAtMillis() >= before && counters.getIngestedAtMillis() <= after);
        Map<String, String> ok = Map.of("job", "api", "instance", "10.0.0.1:9100", "code", "200",
                "region", "test-region");
        Map<String, String> failed = Map.of("job", "api", "instance", "10.0.0.1:9100", "code", "500",
                "region", "test-region");
        assertEquals(List.of(
                expectedSeries(counter, ok, t0, 1027).toBuilder().addSamples(sample(t0 + 15_000, 1031.5)).build(),
                expectedSeries(counter, failed, t0, 3)), counters.getSeriesList());

        PointBatch gauges = single(topics.points(StackEndpoints.POINTS_TOPIC, gauge, 1));
        assertEquals(MetricType.GAUGE, gauges.getMetricType());
        assertEquals(counters.getBatchId().replace("/" + counter, "/" + gauge), gauges.getBatchId());
        assertEquals(List.of(expectedSeries(gauge, Map.of("job", "node", "instance", "10.0.0.2:9100",
                "region", "test-region"), t0, 0.42)), gauges.getSeriesList());
    }

    @Test
    void theSuffixConventionDecidesTheTypeOfANewMetric() throws Exception {
        String base = uniqueName("latency_seconds");
        long t = secondsAgo(10);
        WriteRequest.Builder request = WriteRequest.newBuilder();
        for (String suffix : List.of("_bucket", "_sum", "_count", "")) {
            request.addTimeseries(series(Map.of("__name__", base + suffix, "le", "0.5"), t, 1));
        }

        assertEquals(204, send(request.build()).statusCode());

        for (String suffix : List.of("_bucket", "_sum", "_count")) {
            assertEquals(MetricType.COUNTER, single(topics.points(StackEndpoints.POINTS_TOPIC, base + suffix, 1))
                    .getMetricType(), suffix);
        }
        assertEquals(MetricType.GAUGE, single(topics.points(StackEndpoints.POINTS_TOPIC, base, 1)).getMetricType());
    }

    @Test
    void staleMarkersAreDroppedSilentlyAndAMetadataOnlyRequestIsAccepted() throws Exception {
        String metric = uniqueName("up");
        long t0 = secondsAgo(20);
        WriteRequest request = WriteRequest.newBuilder()
                .addTimeseries(series(Map.of("__name__", metric, "job", "a"), t0, 1, t0 + 1000, STALE_NAN))
                .addTimeseries(series(Map.of("__name__", metric, "job", "b"), t0 + 1000, STALE_NAN))
                .build();

        assertEquals(204, send(request).statusCode());
        assertEquals(204, send(WriteRequest.newBuilder().addMetadata(MetricMetadata.newBuilder()
                .setType(MetricMetadata.MetricType.GAUGE).setMetricFamilyName(metric).setHelp("up")).build())
                .statusCode());

        PointBatch batch = single(topics.points(StackEndpoints.POINTS_TOPIC, metric, 1));
        assertEquals(List.of(expectedSeries(metric, Map.of("job", "a", "region", "test-region"), t0, 1)),
                batch.getSeriesList());
    }

    @Test
    void badSamplesAre400WithEveryReasonWhileTheGoodOnesAreDurable() throws Exception {
        String metric = uniqueName("temperature");
        long t = secondsAgo(5);
        long tooOld = Instant.now().minus(8, ChronoUnit.DAYS).toEpochMilli();
        // Unknown field 4 of TimeSeries: a native histogram sample (this schema leaves it out).
        TimeSeries nativeHistogram = series(Map.of("__name__", metric + "_hist", "job", "x")).toBuilder()
                .setUnknownFields(UnknownFieldSet.newBuilder().addField(4, UnknownFieldSet.Field.newBuilder()
                        .addLengthDelimited(ByteString.copyFromUtf8("h")).build()).build())
                .build();
        WriteRequest request = WriteRequest.newBuilder()
                .addTimeseries(series(Map.of("__name__", metric, "job", "x"), t, 21.5, t + 1, Double.NaN))
                .addTimeseries(series(Map.of("job", "x"), t, 1))
                .addTimeseries(series(Map.of("__name__", metric, "job", "x", "Job", "y"), t, 2))
                .addTimeseries(series(Map.of("__name__", metric, "job", "z"), tooOld, 3,
                        t, Double.POSITIVE_INFINITY))
                .addTimeseries(nativeHistogram)
                .build();

        HttpResponse<String> response = send(request);

        assertEquals(400, response.statusCode(), response.body());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        assertEquals(1, response.body().lines().count(), "one line: Prometheus logs only the first");
        assertEquals(("{\"accepted\":1,\"rejected\":6,\"errors\":["
                + "{\"index\":1,\"reason\":\"invalid_value\",\"message\":\"value must be a finite number, got NaN\"},"
                + "{\"index\":2,\"reason\":\"invalid_metric\",\"message\":\"series {job=x} has no __name__ label\"},"
                + "{\"index\":3,\"reason\":\"invalid_tag\",\"message\":\"tag keys 'Job' and 'job' are the same key "
                + "'job' after normalization\"},"
                + "{\"index\":4,\"reason\":\"timestamp_out_of_window\",\"message\":\"timestamp %s is older than "
                + "7 days (ingest.validation.maxPastAge)\"},"
                + "{\"index\":5,\"reason\":\"invalid_value\",\"message\":\"value must be a finite number, got Infinity\"},"
                + "{\"index\":6,\"reason\":\"unsupported\",\"message\":\"native histogram samples of %s_hist are not "
                + "supported (classic histograms are: _bucket, _sum, _count series)\"}]}")
                .formatted(Instant.ofEpochMilli(tooOld), metric), response.body());
        PointBatch batch = single(topics.points(StackEndpoints.POINTS_TOPIC, metric, 1));
        assertEquals(List.of(expectedSeries(metric, Map.of("job", "x", "region", "test-region"), t, 21.5)),
                batch.getSeriesList());
    }

    @Test
    void aRetriedBodyDerivesTheSameBatchIds() throws Exception {
        String metric = uniqueName("retried");
        WriteRequest request = WriteRequest.newBuilder()
                .addTimeseries(series(Map.of("__name__", metric, "job", "a"), secondsAgo(3), 5)).build();

        assertEquals(204, send(request).statusCode());
        assertEquals(204, send(request).statusCode());

        List<PointBatch> batches = topics.points(StackEndpoints.POINTS_TOPIC, metric, 2);
        assertEquals(2, batches.size());
        assertEquals(batches.get(0).getBatchId(), batches.get(1).getBatchId());
        assertEquals(batches.get(0).getSeriesList(), batches.get(1).getSeriesList());
    }

    @Test
    void seriesOverTheCardinalityLimitAre400AndGoToTheDeadLetterTopic() throws Exception {
        String metric = uniqueName("limited");
        try (Connection c = controlPlane();
                PreparedStatement insert = c.prepareStatement(
                        "INSERT INTO metrics (name, cardinality_limit) VALUES (?, 1)")) {
            insert.setString(1, metric);
            insert.executeUpdate();
        }
        long t = secondsAgo(4);
        WriteRequest request = WriteRequest.newBuilder()
                .addTimeseries(series(Map.of("__name__", metric, "pod", "p1"), t, 1))
                .addTimeseries(series(Map.of("__name__", metric, "pod", "p2"), t, 2))
                .build();

        HttpResponse<String> response = send(request);

        assertEquals(400, response.statusCode(), response.body());
        assertEquals("{\"accepted\":1,\"rejected\":1,\"errors\":[{\"index\":1,\"reason\":\"cardinality_limit\","
                + "\"message\":\"new series {pod=p2, region=test-region} would exceed the cardinality limit: metric "
                + metric + " has 1 series, limit 1\"}],\"cardinality\":[{\"metric\":\"" + metric
                + "\",\"limit\":1,\"current\":1}]}", response.body());
        assertEquals(List.of(expectedSeries(metric, Map.of("pod", "p1", "region", "test-region"), t, 1)),
                single(topics.points(StackEndpoints.POINTS_TOPIC, metric, 1)).getSeriesList());
        RejectedBatch dead = single(topics.deadLetters(StackEndpoints.DEAD_LETTER_TOPIC, metric, 1));
        assertEquals("cardinality_limit", dead.getReason());
        assertEquals("prometheus-remote-write", dead.getSource());
        assertEquals(List.of(expectedSeries(metric, Map.of("pod", "p2", "region", "test-region"), t, 2)),
                dead.getSeriesList());
    }

    @Test
    void aBodyThatIsNotSnappyIs400() throws Exception {
        assertError(RemoteWrite.post(APP.getLocalPort(), "not snappy".getBytes(StandardCharsets.UTF_8)), 400,
                "the body is not snappy block-compressed protobuf (remote_write 1.0): FAILED_TO_UNCOMPRESS(5)");
    }

    @Test
    void snappyThatIsNotAWriteRequestIs400() throws Exception {
        HttpResponse<String> response = RemoteWrite.post(APP.getLocalPort(),
                Snappy.compress(new byte[] {(byte) 0x0a, (byte) 0xff}));

        assertEquals(400, response.statusCode(), response.body());
        assertTrue(io.metrics.lakehouse.service.testing.TestHttp.json(response).get("message").asText()
                .startsWith("the snappy-inflated body is not a protobuf WriteRequest: "), response.body());
    }

    @Test
    void aBodyThatInflatesBeyondTheLimitIs413() throws Exception {
        byte[] compressed = Snappy.compress(new byte[2 * 1024 * 1024]);
        assertTrue(compressed.length < 200_000);

        assertError(RemoteWrite.post(APP.getLocalPort(), compressed), 413, "the snappy body declares 2097152 "
                + "uncompressed bytes, more than ingest.maxRequestBytes (1048576); lower "
                + "queue_config.max_samples_per_send");
    }

    @Test
    void remoteWrite2Is415AndOtherEncodingsAre400() throws Exception {
        byte[] body = RemoteWrite.encode(WriteRequest.getDefaultInstance());
        assertError(Post.bytes(APP.getLocalPort(), "/api/v1/write", body,
                "Content-Type", "application/x-protobuf;proto=io.prometheus.write.v2.Request",
                "Content-Encoding", "snappy"), 415,
                "remote_write 2.0 (application/x-protobuf;proto=io.prometheus.write.v2.Request) is not supported; "
                        + "send remote_write 1.0 (Content-Type: application/x-protobuf)");
        assertError(RemoteWrite.post(APP.getLocalPort(), body, "Content-Encoding", "zstd"), 400,
                "unsupported Content-Encoding 'zstd': remote_write bodies are snappy block-compressed");
    }

    static <T> T single(List<T> list) {
        assertEquals(1, list.size(), list.toString());
        return list.get(0);
    }
}
