package io.metrics.lakehouse.gateway;

import static io.metrics.lakehouse.service.testing.TestHttp.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.metrics.lakehouse.core.SeriesId;
import io.metrics.lakehouse.core.wire.v1.MetricType;
import io.metrics.lakehouse.core.wire.v1.PointBatch;
import io.metrics.lakehouse.core.wire.v1.RejectedBatch;
import io.metrics.lakehouse.core.wire.v1.Sample;
import io.metrics.lakehouse.core.wire.v1.SeriesPoints;
import io.metrics.lakehouse.gateway.testing.Post;
import io.metrics.lakehouse.gateway.testing.Topics;
import io.metrics.lakehouse.local.LocalStackExtension;
import io.metrics.lakehouse.local.StackEndpoints;
import io.metrics.lakehouse.service.testing.TestHttp;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code POST /v1/ingest} through HTTP against the real stack: what the client gets back, and what
 * arrives in Kafka (decoded from the topics) and in the registry (PostgreSQL).
 */
@ExtendWith({LocalStackExtension.class, DropwizardExtensionsSupport.class})
class IngestResourceTest {

    static final StackEndpoints STACK = LocalStackExtension.endpoints();
    static final String ALLOWED = "host,region,service,env,status_code,datacenter";

    static final DropwizardAppExtension<IngestGatewayConfiguration> APP = new DropwizardAppExtension<>(
            IngestGatewayApplication.class, "config/local.yml",
            ConfigOverride.randomPorts(),
            ConfigOverride.config("kafka.bootstrapServers", STACK.kafkaBootstrapServers()),
            ConfigOverride.config("database.url", STACK.jdbcUrl(StackEndpoints.CONTROL_PLANE_DATABASE)),
            ConfigOverride.config("database.user", STACK.postgresUser()),
            ConfigOverride.config("database.password", STACK.postgresPassword()),
            ConfigOverride.config("ingest.maxRequestBytes", "2MiB"),
            ConfigOverride.config("ingest.enrichment.region", "test-region"),
            ConfigOverride.config("ingest.validation.allowedTagKeys", ALLOWED));

    private final Topics topics = new Topics(STACK.kafkaBootstrapServers());

    static String uniqueMetric(String prefix) {
        return "test." + prefix + "." + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    static String now(long offsetSeconds) {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS).plusSeconds(offsetSeconds).toString();
    }

    static HttpResponse<String> ingest(String body, String... headers) throws Exception {
        return Post.json(APP.getLocalPort(), "/v1/ingest", body, headers);
    }

    static Connection controlPlane() throws Exception {
        return DriverManager.getConnection(STACK.jdbcUrl(StackEndpoints.CONTROL_PLANE_DATABASE),
                STACK.postgresUser(), STACK.postgresPassword());
    }

    // ---- accepted points arrive in Kafka exactly ----

    @Test
    void acceptedPointsArriveInKafkaAsOneBatchWithExactValuesAndNormalizedTags() throws Exception {
        String metric = uniqueMetric("exact");
        Instant t0 = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(60);
        String body = """
                {"metric": "%s", "points": [
                  {"timestamp": "%s", "value": 342.5, "tags": {" Host ": "web-01", "SERVICE": "checkout"}},
                  {"timestamp": "%s", "value": 389.1, "tags": {"host": "web-01", "service": "checkout"}},
                  {"timestamp": %d, "value": -0.25, "tags": {"host": "web-02", "region": "eu-west-1"}}
                ]}""".formatted(metric, t0, t0.plusSeconds(1).atOffset(java.time.ZoneOffset.ofHours(2)),
                t0.plusSeconds(2).getEpochSecond());
        long before = System.currentTimeMillis();

        HttpResponse<String> response = ingest(body);

        long after = System.currentTimeMillis();
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("{\"accepted\":3,\"rejected\":0,\"errors\":[]}", response.body());
        List<PointBatch> batches = topics.points(StackEndpoints.POINTS_TOPIC, metric, 1);
        assertEquals(1, batches.size());
        PointBatch batch = batches.get(0);
        assertEquals(metric, batch.getMetric());
        assertEquals(MetricType.GAUGE, batch.getMetricType());
        assertEquals("push-json", batch.getSource());
        assertTrue(batch.getBatchId().matches("push-json-[0-9a-f]{32}"), batch.getBatchId());
        assertTrue(batch.getIngestedAtMillis() >= before && batch.getIngestedAtMillis() <= after);

        // Enrichment adds region where the point has none; the sender's own region wins.
        Map<String, String> web01 = Map.of("host", "web-01", "service", "checkout", "region", "test-region");
        Map<String, String> web02 = Map.of("host", "web-02", "region", "eu-west-1");
        assertEquals(List.of(
                SeriesPoints.newBuilder().setSeriesId(SeriesId.of(metric, web01)).putAllTags(web01)
                        .addSamples(sample(t0.toEpochMilli(), 342.5))
                        .addSamples(sample(t0.plusSeconds(1).toEpochMilli(), 389.1)).build(),
                SeriesPoints.newBuilder().setSeriesId(SeriesId.of(metric, web02)).putAllTags(web02)
                        .addSamples(sample(t0.plusSeconds(2).toEpochMilli(), -0.25)).build()),
                batch.getSeriesList());
    }

    @Test
    void epochSecondsAndMillisecondsAreToldApartByMagnitude() throws Exception {
        String metric = uniqueMetric("epoch");
        long millis = Instant.now().minusSeconds(30).toEpochMilli();
        long seconds = millis / 1000;
        String body = """
                {"metric": "%s", "points": [
                  {"timestamp": %d, "value": 1, "tags": {"host": "a"}},
                  {"timestamp": %d, "value": 2, "tags": {"host": "a"}},
                  {"timestamp": %d.25, "value": 3, "tags": {"host": "a"}}
                ]}""".formatted(metric, seconds, millis, seconds);

        HttpResponse<String> response = ingest(body);

        assertEquals(200, response.statusCode(), response.body());
        List<Sample> samples = topics.points(StackEndpoints.POINTS_TOPIC, metric, 1).get(0).getSeries(0).getSamplesList();
        assertEquals(List.of(sample(seconds * 1000, 1), sample(millis, 2), sample(seconds * 1000 + 250, 3)), samples);
    }

    @Test
    void theMetricTypeIsKeptAndTheMetricIsCreatedImplicitlyInTheRegistry() throws Exception {
        String metric = uniqueMetric("counter");
        HttpResponse<String> response = ingest("""
                {"metric": "%s", "type": "counter", "points": [{"timestamp": "%s", "value": 7, "tags": {}}]}"""
                .formatted(metric, now(-5)));

        assertEquals(200, response.statusCode(), response.body());
        PointBatch batch = topics.points(StackEndpoints.POINTS_TOPIC, metric, 1).get(0);
        assertEquals(MetricType.COUNTER, batch.getMetricType());
        assertEquals(Map.of("region", "test-region"), batch.getSeries(0).getTagsMap());
        try (Connection c = controlPlane();
                PreparedStatement q = c.prepareStatement(
                        "SELECT type, series_count, allowed_tag_keys, cardinality_limit FROM metrics WHERE name = ?")) {
            q.setString(1, metric);
            ResultSet rs = q.executeQuery();
            assertTrue(rs.next());
            assertEquals("counter", rs.getString(1));
            assertEquals(1, rs.getLong(2));
            assertEquals(null, rs.getArray(3));
            assertEquals(null, rs.getObject(4));
        }
    }

    @Test
    void gzipBodiesAreDecompressed() throws Exception {
        String metric = uniqueMetric("gzip");
        byte[] body = """
                {"metric": "%s", "points": [{"timestamp": "%s", "value": 12.5, "tags": {"host": "gz"}}]}"""
                .formatted(metric, now(-5)).getBytes(StandardCharsets.UTF_8);

        HttpResponse<String> response = Post.bytes(APP.getLocalPort(), "/v1/ingest", Post.gzip(body),
                "Content-Encoding", "gzip");

        assertEquals(200, response.statusCode(), response.body());
        assertEquals("{\"accepted\":1,\"rejected\":0,\"errors\":[]}", response.body());
        SeriesPoints series = topics.points(StackEndpoints.POINTS_TOPIC, metric, 1).get(0).getSeries(0);
        assertEquals(Map.of("host", "gz", "region", "test-region"), series.getTagsMap());
        assertEquals(12.5, series.getSamples(0).getValue());
    }

    // ---- idempotency ----

    @Test
    void anIdempotencyKeyBecomesTheBatchIdAndARetryCarriesItAgain() throws Exception {
        String metric = uniqueMetric("idem");
        String key = "client-retry-" + UUID.randomUUID();
        String body = """
                {"metric": "%s", "points": [{"timestamp": "%s", "value": 1, "tags": {"host": "a"}}]}"""
                .formatted(metric, now(-5));

        assertEquals(200, ingest(body, "Idempotency-Key", key).statusCode());
        assertEquals(200, ingest(body, "Idempotency-Key", key).statusCode());

        List<PointBatch> batches = topics.points(StackEndpoints.POINTS_TOPIC, metric, 2);
        assertEquals(2, batches.size());
        assertEquals(key, batches.get(0).getBatchId());
        assertEquals(key, batches.get(1).getBatchId());
    }

    @Test
    void withoutAKeyTheSameBodyDerivesTheSameBatchIdAndAnotherBodyAnother() throws Exception {
        String metric = uniqueMetric("derived");
        String first = """
                {"metric": "%s", "points": [{"timestamp": "%s", "value": 1, "tags": {"host": "a"}}]}"""
                .formatted(metric, now(-5));
        String second = first.replace("\"value\": 1", "\"value\": 2");

        assertEquals(200, ingest(first).statusCode());
        assertEquals(200, ingest(first).statusCode());
        assertEquals(200, ingest(second).statusCode());

        List<PointBatch> batches = topics.points(StackEndpoints.POINTS_TOPIC, metric, 3);
        assertEquals(3, batches.size());
        assertEquals(batches.get(0).getBatchId(), batches.get(1).getBatchId());
        assertTrue(!batches.get(0).getBatchId().equals(batches.get(2).getBatchId()));
    }

    @Test
    void aMalformedIdempotencyKeyIs400() throws Exception {
        HttpResponse<String> response = ingest("""
                {"metric": "m", "points": [{"timestamp": "%s", "value": 1}]}""".formatted(now(-5)),
                "Idempotency-Key", "has space");

        assertError(response, 400,
                "Idempotency-Key must be 1 to 255 printable ASCII characters without spaces");
    }

    // ---- size limit ----

    @Test
    void aBodyOverTheLimitIs413WithAJsonBody() throws Exception {
        byte[] big = new byte[3 * 1024 * 1024];
        java.util.Arrays.fill(big, (byte) ' ');

        HttpResponse<String> response = Post.bytes(APP.getLocalPort(), "/v1/ingest", big);

        assertError(response, 413,
                "request body larger than 2097152 bytes (ingest.maxRequestBytes, counted after decompression)");
    }

    @Test
    void aGzipBodyThatDecompressesBeyondTheLimitIs413() throws Exception {
        byte[] big = new byte[3 * 1024 * 1024];
        java.util.Arrays.fill(big, (byte) ' ');
        byte[] compressed = Post.gzip(big);
        assertTrue(compressed.length < 10_000);

        HttpResponse<String> response = Post.bytes(APP.getLocalPort(), "/v1/ingest", compressed,
                "Content-Encoding", "gzip");

        assertError(response, 413,
                "request body larger than 2097152 bytes (ingest.maxRequestBytes, counted after decompression)");
    }

    // ---- request-level validation: 400 with {"code","message"} ----

    @Test
    void anInvalidMetricNameIs400() throws Exception {
        assertError(ingest("""
                {"metric": "api latency", "points": [{"timestamp": "%s", "value": 1}]}""".formatted(now(-5))), 400,
                "metric name 'api latency' is not valid: it must match [a-zA-Z_:][a-zA-Z0-9_.:]*");
    }

    @Test
    void aMissingMetricIs400() throws Exception {
        assertError(ingest("""
                {"points": [{"timestamp": "%s", "value": 1}]}""".formatted(now(-5))), 400, "metric is required");
    }

    @Test
    void anUnknownTypeIs400() throws Exception {
        assertError(ingest("""
                {"metric": "m", "type": "meter", "points": [{"timestamp": "%s", "value": 1}]}""".formatted(now(-5))),
                400, "type 'meter' is not one of gauge, counter, histogram-summary");
    }

    @Test
    void emptyPointsAre400() throws Exception {
        assertError(ingest("{\"metric\": \"m\", \"points\": []}"), 400, "points is required and must not be empty");
    }

    @Test
    void malformedJsonIs400NamingTheLocation() throws Exception {
        HttpResponse<String> response = ingest("{\"metric\": \"m\", \"points\": [");

        assertEquals(400, response.statusCode(), response.body());
        assertError(response, 400, "malformed JSON at line 1, column 28: Unexpected end-of-input: expected close "
                + "marker for Array (opened at line 1, column 27)");
    }

    @Test
    void anUnknownFieldIs400NamingIt() throws Exception {
        assertError(ingest("""
                {"metric": "m", "points": [{"timestamp": "%s", "valeu": 1}]}""".formatted(now(-5))), 400,
                "unknown field 'valeu' at points[0].valeu; known fields: "
                        + "metric, type, points[].timestamp, points[].value, points[].tags");
    }

    // ---- per-point validation: one rule per test, with its reason and message ----

    @Test
    void aNonFiniteValueIsRejected() throws Exception {
        assertSingleRejection("{\"timestamp\": \"" + now(-5) + "\", \"value\": NaN}",
                "invalid_value", "value must be a finite number, got NaN");
        assertSingleRejection("{\"timestamp\": \"" + now(-5) + "\", \"value\": 1e999}",
                "invalid_value", "value must be a finite number, got Infinity");
    }

    @Test
    void aValueThatIsNotANumberIsRejected() throws Exception {
        assertSingleRejection("{\"timestamp\": \"" + now(-5) + "\", \"value\": \"12\"}",
                "invalid_value", "value must be a number, got \"12\"");
        assertSingleRejection("{\"timestamp\": \"" + now(-5) + "\"}", "invalid_value", "value is required");
    }

    @Test
    void aTimestampOlderThanTheWindowIsRejected() throws Exception {
        String old = Instant.now().minus(8, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString();
        assertSingleRejection("{\"timestamp\": \"" + old + "\", \"value\": 1}", "timestamp_out_of_window",
                "timestamp " + old + " is older than 7 days (ingest.validation.maxPastAge)");
    }

    @Test
    void aTimestampTooFarInTheFutureIsRejected() throws Exception {
        String future = now(11 * 60);
        assertSingleRejection("{\"timestamp\": \"" + future + "\", \"value\": 1}", "timestamp_out_of_window",
                "timestamp " + future + " is more than 10 minutes in the future (ingest.validation.maxFutureSkew)");
    }

    @Test
    void anUnparseableTimestampIsRejected() throws Exception {
        assertSingleRejection("{\"timestamp\": \"2024-01-15 10:00\", \"value\": 1}", "invalid_timestamp",
                "timestamp '2024-01-15 10:00' is not ISO-8601 with a UTC offset (e.g. 2024-01-15T10:00:00Z)");
        assertSingleRejection("{\"value\": 1}", "invalid_timestamp", "timestamp is required");
    }

    @Test
    void aTagKeyOutsideTheGlobalAllowlistIsRejected() throws Exception {
        assertSingleRejection(point("{\"host\": \"a\", \"User_Id\": \"42\"}"), "tag_not_allowed",
                "tag key 'user_id' is not allowed for metric %METRIC% (allowed: datacenter, env, host, region, "
                        + "service, status_code)");
    }

    @Test
    void aMetricsOwnAllowlistFromTheRegistryReplacesTheGlobalOne() throws Exception {
        String metric = uniqueMetric("allow");
        try (Connection c = controlPlane();
                PreparedStatement insert = c.prepareStatement(
                        "INSERT INTO metrics (name, allowed_tag_keys) VALUES (?, ARRAY['host', 'pod'])")) {
            insert.setString(1, metric);
            insert.executeUpdate();
        }
        HttpResponse<String> response = ingest("""
                {"metric": "%s", "points": [
                  {"timestamp": "%s", "value": 1, "tags": {"host": "a", "pod": "p-1"}},
                  {"timestamp": "%s", "value": 2, "tags": {"host": "a", "service": "checkout"}}
                ]}""".formatted(metric, now(-5), now(-5)));

        assertEquals(200, response.statusCode(), response.body());
        assertEquals("{\"accepted\":1,\"rejected\":1,\"errors\":[{\"index\":1,\"reason\":\"tag_not_allowed\","
                + "\"message\":\"tag key 'service' is not allowed for metric " + metric + " (allowed: host, pod)\"}]}",
                response.body());
        assertEquals(Map.of("host", "a", "pod", "p-1", "region", "test-region"),
                topics.points(StackEndpoints.POINTS_TOPIC, metric, 1).get(0).getSeries(0).getTagsMap());
    }

    @Test
    void tooManyTagsAreRejected() throws Exception {
        StringBuilder tags = new StringBuilder("{");
        for (int i = 0; i < 33; i++) {
            tags.append(i == 0 ? "" : ",").append("\"k").append(i).append("\": \"v\"");
        }
        assertSingleRejection(point(tags + "}"), "too_many_tags", "point has 33 tags, at most 32 are allowed");
    }

    @Test
    void aTagKeyTooLongIsRejected() throws Exception {
        String key = "k".repeat(65);
        assertSingleRejection(point("{\"" + key + "\": \"v\"}"), "tag_too_long",
                "tag key 'kkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkkk...' is longer than 64 characters");
    }

    @Test
    void aTagValueTooLongIsRejected() throws Exception {
        assertSingleRejection(point("{\"host\": \"" + "v".repeat(257) + "\"}"), "tag_too_long",
                "value of tag 'host' is longer than 256 characters");
    }

    @Test
    void aMalformedTagKeyIsRejected() throws Exception {
        assertSingleRejection(point("{\"host name\": \"a\"}"), "invalid_tag",
                "tag key 'host name' is not valid: after trimming and lower-casing it must match [a-z_][a-z0-9_.]*");
    }

    @Test
    void tagKeysThatCollideAfterNormalizationAreRejected() throws Exception {
        assertSingleRejection(point("{\"Host\": \"a\", \"host \": \"b\"}"), "invalid_tag",
                "tag keys 'Host' and 'host ' are the same key 'host' after normalization");
    }

    @Test
    void anEmptyOrNonScalarTagValueIsRejected() throws Exception {
        assertSingleRejection(point("{\"host\": \"\"}"), "invalid_tag", "tag 'host' has an empty value");
        assertSingleRejection(point("{\"host\": {\"a\": 1}}"), "invalid_tag", "tag 'host' must have a string value");
    }

    @Test
    void numericTagValuesAreTakenAsText() throws Exception {
        String metric = uniqueMetric("numtag");
        HttpResponse<String> response = ingest("""
                {"metric": "%s", "points": [{"timestamp": "%s", "value": 1, "tags": {"status_code": 200}}]}"""
                .formatted(metric, now(-5)));

        assertEquals(200, response.statusCode(), response.body());
        assertEquals(Map.of("status_code", "200", "region", "test-region"),
                topics.points(StackEndpoints.POINTS_TOPIC, metric, 1).get(0).getSeries(0).getTagsMap());
    }

    @Test
    void validAndInvalidPointsTogetherArePartiallyAccepted() throws Exception {
        String metric = uniqueMetric("partial");
        HttpResponse<String> response = ingest("""
                {"metric": "%s", "points": [
                  {"timestamp": "%s", "value": NaN},
                  {"timestamp": "%s", "value": 5, "tags": {"host": "ok"}},
                  {"timestamp": "soon", "value": 6}
                ]}""".formatted(metric, now(-5), now(-5)));

        assertEquals(200, response.statusCode(), response.body());
        JsonNode body = json(response);
        assertEquals(1, body.get("accepted").asInt());
        assertEquals(2, body.get("rejected").asInt());
        assertEquals(0, body.get("errors").get(0).get("index").asInt());
        assertEquals("invalid_value", body.get("errors").get(0).get("reason").asText());
        assertEquals(2, body.get("errors").get(1).get("index").asInt());
        assertEquals("invalid_timestamp", body.get("errors").get(1).get("reason").asText());
        List<PointBatch> batches = topics.points(StackEndpoints.POINTS_TOPIC, metric, 1);
        assertEquals(1, batches.size());
        assertEquals(List.of(5.0), batches.get(0).getSeries(0).getSamplesList().stream().map(Sample::getValue).toList());
    }

    // ---- cardinality ----

    @Test
    void aNewSeriesBeyondTheMetricsLimitIs429AndGoesToTheDeadLetterTopic() throws Exception {
        String metric = uniqueMetric("card");
        try (Connection c = controlPlane();
                PreparedStatement insert = c.prepareStatement(
                        "INSERT INTO metrics (name, cardinality_limit) VALUES (?, 3)")) {
            insert.setString(1, metric);
            insert.executeUpdate();
        }
        String ts = now(-5);
        String three = """
                {"metric": "%s", "points": [
                  {"timestamp": "%s", "value": 1, "tags": {"host": "h1"}},
                  {"timestamp": "%s", "value": 2, "tags": {"host": "h2"}},
                  {"timestamp": "%s", "value": 3, "tags": {"host": "h3"}}
                ]}""".formatted(metric, ts, ts, ts);
        assertEquals(200, ingest(three).statusCode());

        HttpResponse<String> response = ingest("""
                {"metric": "%s", "points": [
                  {"timestamp": "%s", "value": 10, "tags": {"host": "h1"}},
                  {"timestamp": "%s", "value": 40, "tags": {"host": "h4"}}
                ]}""".formatted(metric, ts, ts), "Idempotency-Key", "card-" + metric);

        assertEquals(429, response.statusCode(), response.body());
        Map<String, String> h4 = Map.of("host", "h4", "region", "test-region");
        assertEquals("{\"accepted\":1,\"rejected\":1,\"errors\":[{\"index\":1,\"reason\":\"cardinality_limit\","
                + "\"message\":\"new series {host=h4, region=test-region} would exceed the cardinality limit: "
                + "metric " + metric + " has 3 series, limit 3\"}],"
                + "\"cardinality\":{\"metric\":\"" + metric + "\",\"limit\":3,\"current\":3}}", response.body());

        List<RejectedBatch> dead = topics.deadLetters(StackEndpoints.DEAD_LETTER_TOPIC, metric, 1);
        assertEquals(1, dead.size());
        RejectedBatch rejected = dead.get(0);
        assertEquals("card-" + metric, rejected.getBatchId());
        assertEquals("cardinality_limit", rejected.getReason());
        assertEquals("metric " + metric + " has 3 series, limit 3", rejected.getDetail());
        assertEquals("push-json", rejected.getSource());
        assertEquals(List.of(SeriesPoints.newBuilder().setSeriesId(SeriesId.of(metric, h4)).putAllTags(h4)
                .addSamples(sample(Instant.parse(ts).toEpochMilli(), 40)).build()), rejected.getSeriesList());

        // The known series' point of that request was written, under the same batch id.
        List<PointBatch> accepted = topics.points(StackEndpoints.POINTS_TOPIC, metric, 2);
        assertEquals(2, accepted.size());
        assertEquals("card-" + metric, accepted.get(1).getBatchId());
        assertEquals(List.of(sample(Instant.parse(ts).toEpochMilli(), 10)), accepted.get(1).getSeries(0).getSamplesList());

        // Known series keep being accepted at the limit.
        assertEquals(200, ingest(three).statusCode());
        try (Connection c = controlPlane();
                PreparedStatement q = c.prepareStatement("SELECT series_count, (SELECT count(*) FROM metric_series s "
                        + "WHERE s.metric_id = m.id) FROM metrics m WHERE name = ?")) {
            q.setString(1, metric);
            ResultSet rs = q.executeQuery();
            assertTrue(rs.next());
            assertEquals(3, rs.getLong(1));
            assertEquals(3, rs.getLong(2));
        }
    }

    @Test
    void theDefaultLimitIsTenThousandSeriesPerMetric() throws Exception {
        String metric = uniqueMetric("default");
        String ts = now(-5);
        StringBuilder body = new StringBuilder("{\"metric\": \"" + metric + "\", \"points\": [");
        for (int i = 0; i <= 10_000; i++) {
            body.append(i == 0 ? "" : ",").append("{\"timestamp\": \"").append(ts).append("\", \"value\": ").append(i)
                    .append(", \"tags\": {\"host\": \"h").append(i).append("\"}}");
        }
        body.append("]}");

        HttpResponse<String> response = ingest(body.toString());

        assertEquals(429, response.statusCode(), response.body());
        JsonNode json = json(response);
        assertEquals(10_000, json.get("accepted").asInt());
        assertEquals(1, json.get("rejected").asInt());
        assertEquals(10_000, json.get("errors").get(0).get("index").asInt());
        assertEquals("{\"metric\":\"" + metric + "\",\"limit\":10000,\"current\":10000}",
                json.get("cardinality").toString());
        List<PointBatch> batches = topics.points(StackEndpoints.POINTS_TOPIC, metric, 1);
        int samples = 0;
        for (PointBatch batch : batches) {
            samples += batch.getSeriesList().stream().mapToInt(SeriesPoints::getSamplesCount).sum();
        }
        assertEquals(10_000, samples);
        assertEquals(1, topics.deadLetters(StackEndpoints.DEAD_LETTER_TOPIC, metric, 1).size());
    }

    // ---- helpers ----

    private static String point(String tagsJson) {
        return "{\"timestamp\": \"" + now(-5) + "\", \"value\": 1, \"tags\": " + tagsJson + "}";
    }

    /** A request with one bad point: 400, nothing accepted, that point's reason and message. */
    private void assertSingleRejection(String pointJson, String reason, String message) throws Exception {
        String metric = uniqueMetric("reject");
        HttpResponse<String> response = ingest("{\"metric\": \"" + metric + "\", \"points\": [" + pointJson + "]}");

        assertEquals(400, response.statusCode(), response.body());
        JsonNode expected = TestHttp.JSON.createObjectNode()
                .put("accepted", 0)
                .put("rejected", 1)
                .set("errors", TestHttp.JSON.createArrayNode().add(TestHttp.JSON.createObjectNode()
                        .put("index", 0)
                        .put("reason", reason)
                        .put("message", message.replace("%METRIC%", metric))));
        assertEquals(expected, json(response));
        assertEquals(0, topics.count(StackEndpoints.POINTS_TOPIC, metric));
    }

    static void assertError(HttpResponse<String> response, int status, String message) throws Exception {
        assertEquals(status, response.statusCode(), response.body());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        JsonNode body = json(response);
        assertEquals(TestHttp.JSON.createObjectNode().put("code", status).put("message", message), body);
    }

    static Sample sample(long millis, double value) {
        return Sample.newBuilder().setTimestampMillis(millis).setValue(value).build();
    }
}
