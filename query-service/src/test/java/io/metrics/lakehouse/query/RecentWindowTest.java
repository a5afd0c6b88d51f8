package io.metrics.lakehouse.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.metrics.lakehouse.core.SeriesId;
import io.metrics.lakehouse.core.wire.v1.MetricType;
import io.metrics.lakehouse.core.wire.v1.PointBatch;
import io.metrics.lakehouse.core.wire.v1.Sample;
import io.metrics.lakehouse.core.wire.v1.SeriesPoints;
import io.metrics.lakehouse.local.LocalStackExtension;
import io.metrics.lakehouse.local.StackEndpoints;
import io.metrics.lakehouse.query.testing.StackData;
import io.metrics.lakehouse.query.testing.StackData.P;
import io.metrics.lakehouse.service.testing.TestHttp;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The recent window against the real stack: points published to the points topic (as the gateway
 * does) and the same points written to raw_points and speed_rollup_1m (as the speed layer does). One
 * query-service reads the topic, the other has no window: every aggregation, filter type, group-by and
 * step must give the same series from both, and a few are checked against values computed by hand.
 */
@ExtendWith({LocalStackExtension.class, DropwizardExtensionsSupport.class})
class RecentWindowTest {

    private static final StackEndpoints STACK = LocalStackExtension.endpoints();

    // Own property prefixes: two apps restoring each other's "dw." overrides at stop leave one set for
    // the next test class.
    static final DropwizardAppExtension<QueryServiceConfiguration> WINDOW = new DropwizardAppExtension<>(
            QueryServiceApplication.class, "config/local.yml", "dw-window.", QueryApiTest.overrides("dw-window.", Map.of(
                    "recentWindow.bootstrapServers", STACK.kafkaBootstrapServers(),
                    // Every request runs: a cached answer would hide which source served it.
                    "query.cacheTtl", "1ms")));

    static final DropwizardAppExtension<QueryServiceConfiguration> TRINO = new DropwizardAppExtension<>(
            QueryServiceApplication.class, "config/local.yml", "dw-trino.",
            QueryApiTest.overrides("dw-trino.", Map.of("query.cacheTtl", "1ms")));

    /** Half an hour ago, on the minute: inside the window's two hours. */
    private static final Instant T = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(30, ChronoUnit.MINUTES);

    private static final Map<String, String> A = Map.of("host", "web-01", "region", "us-east-1");
    private static final Map<String, String> B = Map.of("host", "web-02", "region", "us-east-1");
    private static final Map<String, String> C = Map.of("host", "db-01", "region", "eu-west-1");

    private static final List<P> GAUGE = List.of(
            new P(A, at(0), 10), new P(A, at(5), 20), new P(A, at(15), 30), new P(A, at(65), 40), new P(A, at(130), 50),
            new P(B, at(3), 5), new P(B, at(62), 15), new P(B, at(125), 25),
            new P(C, at(1), 100), new P(C, at(70), 300));
    /** A counter reset at +50 s (20 -> 5), one at a minute boundary for B (160 -> 4 at +125 s). */
    private static final List<P> COUNTER = List.of(
            new P(A, at(0), 10), new P(A, at(20), 20), new P(A, at(50), 5), new P(A, at(70), 8), new P(A, at(100), 30),
            new P(B, at(10), 100), new P(B, at(65), 160), new P(B, at(125), 4));

    /** Two hours before {@link #T}: before the window (the service starts now and keeps two hours). */
    private static final Instant O = T.minus(2, ChronoUnit.HOURS);
    /** Only in the tables, as the speed layer wrote them before the window's retention. */
    private static final List<P> OLD_GAUGE = List.of(new P(A, O, 7), new P(B, O.plusSeconds(30), 9),
            new P(C, O.plusSeconds(65), 11), new P(A, O.plusSeconds(70), 13));

    private static Instant at(long seconds) {
        return T.plusSeconds(seconds);
    }

    @BeforeAll
    static void data() throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            publish(producer, "rw.gauge", MetricType.GAUGE, GAUGE);
            publish(producer, "rw.counter", MetricType.COUNTER, COUNTER);
            // A retried write with another value (the first write stays) and a non-finite sample
            // (skipped): neither reaches raw_points, so neither may reach the window.
            publish(producer, "rw.gauge", MetricType.GAUGE, List.of(new P(A, at(5), 999), new P(C, at(80), Double.NaN)));
            producer.flush();
        }
        StackData data = new StackData(STACK);
        data.insertRaw("rw.gauge", "gauge", GAUGE);
        data.insertRaw("rw.gauge", "gauge", OLD_GAUGE);
        data.insertRollup("speed_rollup_1m", "rw.gauge", "gauge", OLD_GAUGE);
        data.insertRaw("rw.counter", "counter", COUNTER);
        data.insertRollup("speed_rollup_1m", "rw.gauge", "gauge", GAUGE);
        data.insertRollup("speed_rollup_1m", "rw.counter", "counter", COUNTER);
    }

    /** A producer of the stack's points topic. */
    static KafkaProducer<byte[], byte[]> producer() {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, STACK.kafkaBootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class));
    }

    /** One PointBatch record per call, keyed by metric name, as the gateway publishes. */
    static void publish(KafkaProducer<byte[], byte[]> producer, String metric, MetricType type, List<P> points)
            throws Exception {
        Map<Map<String, String>, SeriesPoints.Builder> series = new LinkedHashMap<>();
        for (P p : points) {
            series.computeIfAbsent(p.tags(), tags -> SeriesPoints.newBuilder().setSeriesId(SeriesId.of(metric, tags))
                    .putAllTags(tags)).addSamples(Sample.newBuilder().setTimestampMillis(p.ts().toEpochMilli())
                    .setValue(p.value()));
        }
        PointBatch.Builder batch = PointBatch.newBuilder().setBatchId(UUID.randomUUID().toString()).setMetric(metric)
                .setMetricType(type).setSource("test").setIngestedAtMillis(System.currentTimeMillis());
        series.values().forEach(batch::addSeries);
        producer.send(new ProducerRecord<>(StackEndpoints.POINTS_TOPIC, metric.getBytes(StandardCharsets.UTF_8),
                batch.build().toByteArray())).get();
    }

    @Test
    void everyAggregationAtEveryTierStepGivesWhatTrinoGives() throws Exception {
        awaitWindow();
        int compared = 0;
        for (String metric : List.of("rw.gauge", "rw.counter")) {
            // 10 s: raw_points on Trino; 60 s and 120 s: speed_rollup_1m.
            for (String step : List.of("10s", "60s", "120s")) {
                for (String agg : AGGS) {
                    compare("metric", metric, "start", T.minusSeconds(120).toString(), "end", T.plusSeconds(600).toString(),
                            "step", step, "agg", agg);
                    compared++;
                }
            }
        }
        assertEquals(2 * 3 * AGGS.length, compared);
    }

    @Test
    void everyFilterTypeAndGroupByGivesWhatTrinoGives() throws Exception {
        awaitWindow();
        List<String> filters = List.of("region:us-east-1", "host!:web-02", "host~:web-.*", "region!~:eu-.*",
                "host:(web-01|db-01)", "region:us-east-1,host!~:web-0[2-9]", "zone!:a", "zone~:.*", "zone:a");
        List<String> groupBys = List.of("", "region", "region,host", "zone");
        for (String agg : List.of("avg", "last", "rate", "p90")) {
            for (String tags : filters) {
                for (String groupBy : groupBys) {
                    List<String> pairs = new ArrayList<>(List.of("metric", agg.equals("rate") ? "rw.counter" : "rw.gauge",
                            "start", T.minusSeconds(120).toString(), "end", T.plusSeconds(600).toString(), "step",
                            agg.equals("p90") ? "60s" : "10s", "agg", agg, "tags", tags));
                    if (!groupBy.isEmpty()) {
                        pairs.addAll(List.of("group_by", groupBy));
                    }
                    compare(pairs.toArray(new String[0]));
                }
            }
        }
    }

    private static final String[] AGGS = {
        "avg", "sum", "min", "max", "count", "last", "rate", "increase", "p50", "p75", "p90", "p95", "p99"};

    /** The same request to both services: same series and resolution; tiers "recent" against Trino's. */
    private static void compare(String... pairs) throws Exception {
        String path = QueryApiTest.q(pairs);
        JsonNode fromWindow = ok(WINDOW, path);
        JsonNode fromTrino = ok(TRINO, path);
        assertEquals(List.of("recent"), tierNames(fromWindow), path);
        assertTrue(!tierNames(fromTrino).contains("recent"), path);
        assertTrue(fromTrino.get("series").size() > 0 || path.contains("zone%3Aa"), path);
        assertEquals(fromTrino.get("series"), fromWindow.get("series"), path);
        assertEquals(fromTrino.get("resolution"), fromWindow.get("resolution"), path);
    }

    @Test
    void valuesComputedByHand() throws Exception {
        awaitWindow();
        // A's +5 s point is 20 (the retried 999 is not counted); C has no +80 s point (NaN skipped).
        JsonNode avg = ok(WINDOW, QueryApiTest.q("metric", "rw.gauge", "start", T.toString(), "end", T.plusSeconds(180).toString(),
                "step", "60s", "agg", "avg", "group_by", "region"));
        assertEquals("[{\"tier\":\"recent\",\"start\":\"" + T + "\",\"end\":\"" + T.plusSeconds(180)
                + "\",\"resolution\":\"60s\"}]", avg.get("tiers").toString());
        // us-east-1 minute 0: 10, 20, 30, 5 -> 16.25; minute 1: 40, 15 -> 27.5; minute 2: 50, 25 -> 37.5.
        assertEquals(Map.of("{\"region\":\"eu-west-1\"}", List.of(pt(0, 100), pt(60, 300)),
                "{\"region\":\"us-east-1\"}", List.of(pt(0, 16.25), pt(60, 27.5), pt(120, 37.5))), QueryApiTest.series(avg));
        JsonNode count = ok(WINDOW, QueryApiTest.q("metric", "rw.gauge", "start", T.toString(), "end", T.plusSeconds(180).toString(),
                "step", "60s", "agg", "count", "tags", "host:web-01"));
        assertEquals(Map.of("{\"host\":\"web-01\",\"region\":\"us-east-1\"}", List.of(pt(0, 3), pt(60, 1), pt(120, 1))),
                QueryApiTest.series(count));
        // A: 10 -> 20 (+10) -> 5 (reset: +5) -> 8 (+3) -> 30 (+22); B: 100 -> 160 (+60) -> 4 (reset: +4).
        JsonNode increase = ok(WINDOW, QueryApiTest.q("metric", "rw.counter", "start", T.toString(),
                "end", T.plusSeconds(180).toString(), "step", "60s", "agg", "increase", "group_by", "zone"));
        assertEquals(Map.of("{}", List.of(pt(0, 15), pt(60, 85), pt(120, 4))), QueryApiTest.series(increase));
        JsonNode rate = ok(WINDOW, QueryApiTest.q("metric", "rw.counter", "start", T.toString(),
                "end", T.plusSeconds(180).toString(), "step", "60s", "agg", "rate", "tags", "host:web-01"));
        assertEquals(Map.of("{\"host\":\"web-01\",\"region\":\"us-east-1\"}", List.of(pt(0, 0.25), pt(60, 25 / 60.0))),
                QueryApiTest.series(rate));
    }

    @Test
    void aRangeFromBeforeTheWindowIsCutAtAStepBoundaryAndGivesWhatTrinoGives() throws Exception {
        awaitWindow();
        for (String agg : List.of("avg", "sum", "min", "max", "count", "last", "p90")) {
            for (String step : List.of("10s", "60s")) {
                for (String groupBy : List.of("", "region")) {
                    List<String> pairs = new ArrayList<>(List.of("metric", "rw.gauge", "start", O.minusSeconds(120).toString(),
                            "end", T.plusSeconds(600).toString(), "step", step, "agg", agg));
                    if (!groupBy.isEmpty()) {
                        pairs.addAll(List.of("group_by", groupBy));
                    }
                    String path = QueryApiTest.q(pairs.toArray(new String[0]));
                    JsonNode fromWindow = ok(WINDOW, path);
                    JsonNode fromTrino = ok(TRINO, path);
                    List<String> tiers = tierNames(fromWindow);
                    assertEquals("recent", tiers.get(tiers.size() - 1), path);
                    assertTrue(tiers.size() >= 2 && !tiers.get(0).equals("recent"), path + " " + tiers);
                    JsonNode parts = fromWindow.get("tiers");
                    Instant cut = Instant.parse(parts.get(parts.size() - 1).get("start").asText());
                    assertEquals(cut.toString(), parts.get(parts.size() - 2).get("end").asText(), "no hole at the cut: " + path);
                    assertEquals(0, cut.getEpochSecond() % Long.parseLong(step.replace("s", "")), path);
                    assertTrue(cut.isAfter(O.plusSeconds(70)) && cut.isBefore(T), cut + " " + path);
                    assertEquals(fromTrino.get("series"), fromWindow.get("series"), path);
                    // Both sides contribute: points before the cut (Trino) and after it (the window).
                    List<Long> times = new ArrayList<>();
                    fromWindow.get("series").forEach(series -> series.get("points").forEach(p -> times.add(p.get(0).asLong())));
                    assertTrue(times.stream().anyMatch(t -> t < cut.toEpochMilli())
                            && times.stream().anyMatch(t -> t >= cut.toEpochMilli()), path + " " + times);
                }
            }
        }
    }

    @Test
    void countersFromBeforeTheWindowRunOnTrinoAlone() throws Exception {
        awaitWindow();
        String path = QueryApiTest.q("metric", "rw.counter", "start", O.toString(), "end", T.plusSeconds(600).toString(),
                "step", "60s", "agg", "increase");
        JsonNode body = ok(WINDOW, path);
        assertTrue(!tierNames(body).contains("recent"), body.get("tiers").toString());
        assertEquals(ok(TRINO, path).get("series"), body.get("series"));
        assertEquals(2, body.get("series").size());
    }

    /** Until the window app's consumer has replayed the topic (its first answers come from Trino). */
    private static void awaitWindow() throws Exception {
        String path = QueryApiTest.q("metric", "rw.gauge", "start", T.toString(), "end", T.plusSeconds(60).toString(),
                "step", "60s", "agg", "count");
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (!tierNames(ok(WINDOW, path)).equals(List.of("recent"))) {
            assertTrue(System.nanoTime() < deadline, "the recent window did not start serving within 60 s");
            Thread.sleep(200);
        }
    }

    private static List<String> tierNames(JsonNode body) {
        List<String> names = new ArrayList<>();
        body.get("tiers").forEach(t -> names.add(t.get("tier").asText()));
        return names;
    }

    private static JsonNode ok(DropwizardAppExtension<?> app, String path) throws Exception {
        HttpResponse<String> response = TestHttp.get(app.getLocalPort(), path);
        assertEquals(200, response.statusCode(), path + " -> " + response.body());
        return TestHttp.json(response);
    }

    private static List<Double> pt(long secondsAfterT, double value) {
        return List.of((double) at(secondsAfterT).toEpochMilli(), value);
    }
}
