package io.metrics.lakehouse.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.DropwizardTestSupport;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.metrics.lakehouse.local.LocalStackExtension;
import io.metrics.lakehouse.local.StackEndpoints;
import io.metrics.lakehouse.query.testing.StackData;
import io.metrics.lakehouse.query.testing.StackData.P;
import io.metrics.lakehouse.service.testing.TestHttp;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code GET /v1/query} and discovery against the real stack: data written into the Iceberg tables
 * through Trino, expected values computed by hand from the listed points.
 */
@ExtendWith({LocalStackExtension.class, DropwizardExtensionsSupport.class})
class QueryApiTest {

    private static final StackEndpoints STACK = LocalStackExtension.endpoints();

    static final DropwizardAppExtension<QueryServiceConfiguration> APP = new DropwizardAppExtension<>(
            QueryServiceApplication.class, "config/local.yml", overrides("dw.", Map.of()));

    /** Three hours ago, on the hour: inside the raw and minute retention, its hour long finished. */
    private static final Instant H = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(3, ChronoUnit.HOURS);

    private static final Map<String, String> A = Map.of("host", "web-01", "region", "us-east-1");
    private static final Map<String, String> B = Map.of("host", "web-02", "region", "us-east-1");
    private static final Map<String, String> C = Map.of("host", "db-01", "region", "eu-west-1");

    /** A service on config/local.yml and the local stack, with these overrides (not started: before()/after()). */
    static DropwizardTestSupport<QueryServiceConfiguration> localApp(String prefix, Map<String, String> replacements) {
        return new DropwizardTestSupport<>(QueryServiceApplication.class, "config/local.yml", prefix,
                overrides(prefix, replacements));
    }

    static ConfigOverride[] overrides(String prefix, Map<String, String> replacements) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("trino.jdbcUrl", STACK.trinoJdbcUrl());
        values.put("trino.user", STACK.trinoUser());
        values.put("database.url", STACK.jdbcUrl(StackEndpoints.CONTROL_PLANE_DATABASE));
        values.put("database.user", STACK.postgresUser());
        values.put("database.password", STACK.postgresPassword());
        values.putAll(replacements);
        List<ConfigOverride> overrides = new ArrayList<>();
        overrides.add(ConfigOverride.randomPorts(prefix));
        values.forEach((key, value) -> overrides.add(ConfigOverride.config(prefix, key, value)));
        return overrides.toArray(new ConfigOverride[0]);
    }

    private static Instant at(long seconds) {
        return H.plusSeconds(seconds);
    }

    @BeforeAll
    static void data() throws Exception {
        StackData data = new StackData(STACK);
        // it.gauge: hour H is batch-complete (rollup_1m), hour H+1 is not (speed_rollup_1m). The
        // speed rows of hour H and the rollup_1m row of hour H+1 must never be read.
        data.insertRollup("rollup_1m", "it.gauge", "gauge", List.of(
                new P(A, at(10), 10), new P(A, at(20), 20), new P(A, at(70), 30),
                new P(B, at(30), 5), new P(B, at(120), 15),
                new P(C, at(600), 100),
                new P(A, at(3600 + 1800), 7777)));
        data.insertRollup("speed_rollup_1m", "it.gauge", "gauge", List.of(
                new P(A, at(10), 1000),
                new P(A, at(3600 + 10), 40), new P(A, at(3600 + 20), 50),
                new P(B, at(3600 + 300), 25),
                new P(C, at(3600 + 600), 200), new P(C, at(3600 + 1200), 300)));
        data.logComplete("1m", H, H.plusSeconds(3600), "it.");
        // it.counter: 10, 20 | reset | 5, 8 in two minutes; raw and rollup_1m (hour H complete via prefix '').
        List<P> counter = List.of(new P(A, at(0), 10), new P(A, at(30), 20), new P(A, at(60), 5), new P(A, at(90), 8));
        data.insertRaw("it.counter", "counter", counter);
        data.insertRollup("rollup_1m", "it.counter", "counter", counter);
        // it.quantile: 2000 values in runs: ranks 1-200 are 10, 201-1600 20, 1601-1860 30, 1861-1945
        // 40, 1946-2000 50; alternately in two minutes (two sketches merged). The value at rank
        // q*2000 lies well inside a run (t-digest centroids never span a run there): p50 20,
        // p90 30, p95 40, p99 50.
        data.insertRollup("rollup_1m", "SELECT 'it.quantile' AS metric, 'gauge' AS metric_type, BIGINT '"
                + StackData.seriesId(A) + "' AS series_id, " + StackData.map(A) + " AS tags, CAST(from_iso8601_timestamp('"
                + at(1) + "') AS timestamp(6) with time zone) + (r % 2) * INTERVAL '60' SECOND AS ts, CASE WHEN r <= 200"
                + " THEN 10e0 WHEN r <= 1600 THEN 20e0 WHEN r <= 1860 THEN 30e0 WHEN r <= 1945 THEN 40e0 ELSE 50e0 END AS v"
                + " FROM UNNEST(sequence(1, 2000)) AS s(r)");
    }

    /** Now minus seven days: where raw ends and the minute tier begins. */
    private static final Instant RAW_EDGE = Instant.now().minus(7, ChronoUnit.DAYS);
    private static final Instant OLD = RAW_EDGE.minus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.HOURS).plusSeconds(600);
    private static final Instant NEW = RAW_EDGE.plus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.HOURS).plusSeconds(600);
    private static final Instant DAY40 = Instant.now().minus(40, ChronoUnit.DAYS).truncatedTo(ChronoUnit.HOURS);

    @BeforeAll
    static void tierData() throws Exception {
        StackData data = new StackData(STACK);
        data.insertRollup("rollup_1m", "it.boundary", "gauge", List.of(new P(A, OLD, 7), new P(A, OLD.plusSeconds(20), 8)));
        data.logComplete("1m", OLD.truncatedTo(ChronoUnit.HOURS), OLD.truncatedTo(ChronoUnit.HOURS).plusSeconds(3600), "");
        data.insertRaw("it.boundary", "gauge", List.of(new P(A, NEW, 9), new P(A, NEW.plusSeconds(40), 11)));
        data.insertRollup("rollup_1h", "it.hourly", "gauge", List.of(new P(A, DAY40.plusSeconds(600), 4),
                new P(A, DAY40.plusSeconds(1200), 6)));
        try (var connection = java.sql.DriverManager.getConnection(STACK.jdbcUrl(StackEndpoints.CONTROL_PLANE_DATABASE),
                STACK.postgresUser(), STACK.postgresPassword()); var statement = connection.createStatement()) {
            // The application has migrated the control-plane schema at start.
            statement.execute("INSERT INTO metrics (name, unit, type, description) VALUES"
                    + " ('it.disc.latency', 'ms', 'gauge', 'Request latency'),"
                    + " ('it.disc.requests', 'requests', 'counter', NULL), ('itxdisc', NULL, 'gauge', NULL)"
                    + " ON CONFLICT (name) DO NOTHING");
        }
    }

    @Test
    void rangeAcrossTheSevenDayRawBoundaryIsServedByMinutesThenRaw() throws Exception {
        // The edge moves with the clock: on a loaded machine minutes pass between class load and here.
        Instant edgeBefore = Instant.now().minus(7, ChronoUnit.DAYS);
        JsonNode body = ok(q("metric", "it.boundary", "start", RAW_EDGE.minus(3, ChronoUnit.HOURS).toString(),
                "end", RAW_EDGE.plus(3, ChronoUnit.HOURS).toString(), "step", "30s", "agg", "avg"));
        Instant edgeAfter = Instant.now().minus(7, ChronoUnit.DAYS);
        JsonNode tiers = body.get("tiers");
        JsonNode raw = tiers.get(tiers.size() - 1);
        assertEquals("raw", raw.get("tier").asText());
        assertEquals("30s", raw.get("resolution").asText());
        Instant seam = Instant.parse(raw.get("start").asText());
        assertTrue(!seam.isBefore(edgeBefore) && seam.isBefore(edgeAfter.plusSeconds(120)), seam.toString());
        assertEquals(seam.toString(), tiers.get(tiers.size() - 2).get("end").asText(), "no hole at the seam");
        boolean oldHourFromBatch = false;
        for (JsonNode t : tiers) {
            if (!t.get("tier").asText().equals("raw")) {
                assertEquals("60s", t.get("resolution").asText());
            }
            oldHourFromBatch |= t.get("tier").asText().equals("rollup_1m")
                    && t.get("start").asText().equals(OLD.truncatedTo(ChronoUnit.HOURS).toString());
        }
        assertTrue(oldHourFromBatch, tiers.toString());
        // Old side: one minute (7, 8) -> 7.5 at 60 s; new side: 9 and 11 in separate 30 s buckets.
        assertEquals(Map.of(TA, List.of(List.of((double) OLD.toEpochMilli(), 7.5), List.of((double) NEW.toEpochMilli(), 9.0),
                List.of((double) NEW.plusSeconds(30).toEpochMilli(), 11.0))), series(body));
    }

    @Test
    void beyondThirtyDaysTheHourlyRollupServes() throws Exception {
        JsonNode body = ok(q("metric", "it.hourly", "start", DAY40.minusSeconds(3600).toString(),
                "end", DAY40.plusSeconds(7200).toString(), "step", "1m", "agg", "avg"));
        assertEquals("[{\"tier\":\"rollup_1h\",\"start\":\"" + DAY40.minusSeconds(3600) + "\",\"end\":\""
                + DAY40.plusSeconds(7200) + "\",\"resolution\":\"3600s\"}]", body.get("tiers").toString());
        assertEquals(Map.of(TA, List.of(List.of((double) DAY40.toEpochMilli(), 5.0))), series(body));
    }

    /** A UTC day five days ago: inside the minute retention, older than the speed layer's two days. */
    private static final Instant D = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(5, ChronoUnit.DAYS);
    /** Three days ago, on the hour: the speed layer (2 days) has dropped it, raw_points (7 days) still has it. */
    private static final Instant R = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(3, ChronoUnit.DAYS);

    @BeforeAll
    static void hourlyAndRawFallbackData() throws Exception {
        StackData data = new StackData(STACK);
        Instant lastHour = D.plus(23, ChronoUnit.HOURS);
        Instant nextDay = D.plus(1, ChronoUnit.DAYS);
        // it.daily: every hour of day D logged complete at 1h (rollup_1h serves them for hour steps; the
        // rollup_1m rows of that hour must not be read); the next day is not, its first hour is
        // complete at 1m (rollup_1m serves it; the rollup_1h row there must not be read).
        data.insertRollup("rollup_1h", "it.daily", "gauge", List.of(new P(A, lastHour.plusSeconds(60), 10),
                new P(A, lastHour.plusSeconds(1800), 20), new P(A, nextDay.plusSeconds(60), 7777)));
        data.insertRollup("rollup_1m", "it.daily", "gauge", List.of(new P(A, lastHour.plusSeconds(60), 999),
                new P(A, nextDay.plusSeconds(60), 30), new P(A, nextDay.plusSeconds(90), 40)));
        data.logComplete("1h", D, nextDay, "it.");
        data.logComplete("1m", lastHour, nextDay, "it.");
        data.logComplete("1m", nextDay, nextDay.plusSeconds(3600), "it.");
        // it.rawfallback: hour R not batch-complete and past the speed retention -> raw_points (its
        // stale speed row must not be read); hour R+1 complete -> rollup_1m.
        data.insertRaw("it.rawfallback", "gauge", List.of(new P(A, R.plusSeconds(10), 4), new P(A, R.plusSeconds(70), 6),
                new P(A, R.plusSeconds(80), 8)));
        data.insertRollup("speed_rollup_1m", "it.rawfallback", "gauge", List.of(new P(A, R.plusSeconds(10), 555)));
        data.insertRollup("rollup_1m", "it.rawfallback", "gauge", List.of(new P(A, R.plusSeconds(3630), 12)));
        data.logComplete("1m", R.plusSeconds(3600), R.plusSeconds(7200), "it.");
    }

    @Test
    void hourStepsReadHoursLoggedCompleteFromTheHourlyRollupAndTheRestFromMinutes() throws Exception {
        Instant lastHour = D.plus(23, ChronoUnit.HOURS);
        Instant nextDay = D.plus(1, ChronoUnit.DAYS);
        JsonNode body = ok(q("metric", "it.daily", "start", lastHour.toString(), "end", nextDay.plusSeconds(3600).toString(),
                "step", "1h", "agg", "avg"));
        assertEquals("[{\"tier\":\"rollup_1h\",\"start\":\"" + lastHour + "\",\"end\":\"" + nextDay
                + "\",\"resolution\":\"3600s\"},{\"tier\":\"rollup_1m\",\"start\":\"" + nextDay + "\",\"end\":\""
                + nextDay.plusSeconds(3600) + "\",\"resolution\":\"3600s\"}]", body.get("tiers").toString());
        assertEquals(Map.of(TA, List.of(List.of((double) lastHour.toEpochMilli(), 15.0),
                List.of((double) nextDay.toEpochMilli(), 35.0))), series(body));
        // count and max merge over both tables into one two-hour bucket.
        JsonNode twoHours = ok(q("metric", "it.daily", "start", lastHour.toString(), "end", nextDay.plusSeconds(3600).toString(),
                "step", "2h", "agg", "count"));
        assertEquals(Map.of(TA, List.of(List.of((double) lastHour.minusSeconds(3600).toEpochMilli(), 2.0),
                List.of((double) nextDay.toEpochMilli(), 2.0))), series(twoHours));
        // Tag filters apply to the hourly rows too.
        JsonNode filtered = ok(q("metric", "it.daily", "start", lastHour.toString(), "end", lastHour.plusSeconds(3600).toString(),
                "step", "1h", "agg", "max", "tags", "host:web-01"));
        assertEquals(Map.of(TA, List.of(List.of((double) lastHour.toEpochMilli(), 20.0))), series(filtered));
        // Steps under an hour never read rollup_1h.
        JsonNode fine = ok(q("metric", "it.daily", "start", lastHour.toString(), "end", lastHour.plusSeconds(3600).toString(),
                "step", "30m", "agg", "max"));
        assertEquals("rollup_1m", fine.get("tiers").get(0).get("tier").asText());
        assertEquals(Map.of(TA, List.of(List.of((double) lastHour.toEpochMilli(), 999.0))), series(fine));
    }

    @Test
    void hoursNotBatchCompleteAndPastTheSpeedRetentionComeFromRaw() throws Exception {
        JsonNode body = ok(q("metric", "it.rawfallback", "start", R.toString(), "end", R.plusSeconds(7200).toString(),
                "step", "1m", "agg", "avg"));
        assertEquals("[{\"tier\":\"raw\",\"start\":\"" + R + "\",\"end\":\"" + R.plusSeconds(3600)
                + "\",\"resolution\":\"60s\"},{\"tier\":\"rollup_1m\",\"start\":\"" + R.plusSeconds(3600) + "\",\"end\":\""
                + R.plusSeconds(7200) + "\",\"resolution\":\"60s\"}]", body.get("tiers").toString());
        assertEquals(Map.of(TA, List.of(List.of((double) R.toEpochMilli(), 4.0), List.of((double) R.plusSeconds(60).toEpochMilli(), 7.0),
                List.of((double) R.plusSeconds(3600).toEpochMilli(), 12.0))), series(body));
        JsonNode hourly = ok(q("metric", "it.rawfallback", "start", R.toString(), "end", R.plusSeconds(7200).toString(),
                "step", "1h", "agg", "sum"));
        assertEquals(Map.of(TA, List.of(List.of((double) R.toEpochMilli(), 18.0),
                List.of((double) R.plusSeconds(3600).toEpochMilli(), 12.0))), series(hourly));
    }

    @Test
    void theCompletionLogIsReadOncePerRangeNotOncePerQuery() throws Exception {
        StackData data = new StackData(STACK);
        long before = data.queriesFrom("query-service");
        ok(q("metric", "it.daily", "start", D.toString(), "end", D.plus(2, ChronoUnit.DAYS).toString(), "step", "6h", "agg", "min"));
        assertEquals(before + 2, data.queriesFrom("query-service"), "the log lookup and the query");
        ok(q("metric", "it.daily", "start", D.toString(), "end", D.plus(2, ChronoUnit.DAYS).toString(), "step", "6h", "agg", "max"));
        assertEquals(before + 3, data.queriesFrom("query-service"), "the log answers came from the cache");
        String prometheus = TestHttp.get(APP.getAdminPort(), "/metrics/prometheus").body();
        assertTrue(prometheus.contains("query_completion_cache_hits "), prometheus);
    }

    @Test
    void discoveryListsMetricsByGlobOrSubstringAndTagValues() throws Exception {
        assertEquals("{\"metrics\":[{\"name\":\"it.disc.latency\",\"unit\":\"ms\",\"type\":\"gauge\","
                + "\"description\":\"Request latency\"},{\"name\":\"it.disc.requests\",\"unit\":\"requests\","
                + "\"type\":\"counter\",\"description\":null}]}", ok("/v1/metrics?match=it.disc").toString());
        assertEquals(List.of("it.disc.requests"), names(ok("/v1/metrics?match=it.*.req*")));
        // '_' and '.' are literal, not LIKE wildcards.
        assertEquals(List.of(), names(ok("/v1/metrics?match=it_disc")));
        HttpResponse<String> bad = get(APP.getLocalPort(), "/v1/metrics?match=" + URLEncoder.encode("x' OR '1'='1",
                StandardCharsets.UTF_8), null);
        assertEquals(400, bad.statusCode());
        assertEquals("match", TestHttp.json(bad).get("parameter").asText());
        assertEquals("{\"metric\":\"it.gauge\",\"lookback\":\"86400s\",\"tags\":{\"host\":[{\"value\":\"db-01\","
                + "\"series\":1},{\"value\":\"web-01\",\"series\":1},{\"value\":\"web-02\",\"series\":1}],"
                + "\"region\":[{\"value\":\"us-east-1\",\"series\":2},{\"value\":\"eu-west-1\",\"series\":1}]}}",
                ok("/v1/metrics/it.gauge/tags").toString());
    }

    private static List<String> names(JsonNode body) {
        List<String> names = new ArrayList<>();
        body.get("metrics").forEach(m -> names.add(m.get("name").asText()));
        return names;
    }

    static HttpResponse<String> get(int port, String path, String token) throws Exception {
        var builder = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + path)).GET();
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        return java.net.http.HttpClient.newHttpClient().send(builder.build(), HttpResponse.BodyHandlers.ofString());
    }

    static String q(String... pairs) {
        StringBuilder query = new StringBuilder("/v1/query?");
        for (int i = 0; i < pairs.length; i += 2) {
            query.append(i > 0 ? "&" : "").append(pairs[i]).append('=')
                    .append(URLEncoder.encode(pairs[i + 1], StandardCharsets.UTF_8));
        }
        return query.toString();
    }

    private static JsonNode ok(String path) throws Exception {
        HttpResponse<String> response = get(APP.getLocalPort(), path, null);
        assertEquals(200, response.statusCode(), response.body());
        return TestHttp.json(response);
    }

    /** "tags -> [[ms, value], ...]" of every series, for compact exact assertions. */
    static Map<String, List<List<Double>>> series(JsonNode body) {
        Map<String, List<List<Double>>> out = new LinkedHashMap<>();
        for (JsonNode s : body.get("series")) {
            List<List<Double>> points = new ArrayList<>();
            for (JsonNode p : s.get("points")) {
                points.add(List.of(p.get(0).asDouble(), p.get(1).asDouble()));
            }
            out.put(s.get("tags").toString(), points);
        }
        return out;
    }

    private static List<Double> pt(long secondsAfterH, double value) {
        return List.of((double) at(secondsAfterH).toEpochMilli(), value);
    }

    private static JsonNode gauge(String agg, String... extra) throws Exception {
        List<String> pairs = new ArrayList<>(List.of("metric", "it.gauge", "start", H.toString(),
                "end", H.plusSeconds(7200).toString(), "step", "1h", "agg", agg));
        pairs.addAll(List.of(extra));
        return ok(q(pairs.toArray(new String[0])));
    }

    private static final String TA = "{\"host\":\"web-01\",\"region\":\"us-east-1\"}";
    private static final String TB = "{\"host\":\"web-02\",\"region\":\"us-east-1\"}";
    private static final String TC = "{\"host\":\"db-01\",\"region\":\"eu-west-1\"}";

    @Test
    void everyAggregationPerSeriesAcrossTheSpeedBatchSeam() throws Exception {
        JsonNode body = gauge("avg");
        assertEquals("it.gauge", body.get("metric").asText());
        assertEquals("avg", body.get("agg").asText());
        assertEquals("3600s", body.get("resolution").asText());
        assertEquals("[{\"tier\":\"rollup_1m\",\"start\":\"" + H + "\",\"end\":\"" + H.plusSeconds(3600)
                + "\",\"resolution\":\"3600s\"},{\"tier\":\"speed_1m\",\"start\":\"" + H.plusSeconds(3600) + "\",\"end\":\""
                + H.plusSeconds(7200) + "\",\"resolution\":\"3600s\"}]", body.get("tiers").toString());
        assertEquals(Map.of(TC, List.of(pt(0, 100), pt(3600, 250)), TA, List.of(pt(0, 20), pt(3600, 45)),
                TB, List.of(pt(0, 10), pt(3600, 25))), series(body));
        assertEquals(Map.of(TC, List.of(pt(0, 100), pt(3600, 500)), TA, List.of(pt(0, 60), pt(3600, 90)),
                TB, List.of(pt(0, 20), pt(3600, 25))), series(gauge("sum")));
        assertEquals(Map.of(TC, List.of(pt(0, 100), pt(3600, 200)), TA, List.of(pt(0, 10), pt(3600, 40)),
                TB, List.of(pt(0, 5), pt(3600, 25))), series(gauge("min")));
        assertEquals(Map.of(TC, List.of(pt(0, 100), pt(3600, 300)), TA, List.of(pt(0, 30), pt(3600, 50)),
                TB, List.of(pt(0, 15), pt(3600, 25))), series(gauge("max")));
        assertEquals(Map.of(TC, List.of(pt(0, 1), pt(3600, 2)), TA, List.of(pt(0, 3), pt(3600, 2)),
                TB, List.of(pt(0, 2), pt(3600, 1))), series(gauge("count")));
        assertEquals(Map.of(TC, List.of(pt(0, 100), pt(3600, 300)), TA, List.of(pt(0, 30), pt(3600, 50)),
                TB, List.of(pt(0, 15), pt(3600, 25))), series(gauge("last")));
    }

    @Test
    void groupByMergesSeriesPerGroup() throws Exception {
        String east = "{\"region\":\"us-east-1\"}";
        String west = "{\"region\":\"eu-west-1\"}";
        assertEquals(Map.of(west, List.of(pt(0, 100), pt(3600, 250)), east, List.of(pt(0, 16), pt(3600, 115.0 / 3))),
                series(gauge("avg", "group_by", "region")));
        assertEquals(Map.of(west, List.of(pt(0, 100), pt(3600, 500)), east, List.of(pt(0, 80), pt(3600, 115))),
                series(gauge("sum", "group_by", "region")));
        assertEquals(Map.of(west, List.of(pt(0, 1), pt(3600, 2)), east, List.of(pt(0, 5), pt(3600, 3))),
                series(gauge("count", "group_by", "region")));
    }

    @Test
    void everyFilterType() throws Exception {
        assertEquals(List.of(TA, TB), List.copyOf(series(gauge("sum", "tags", "region:us-east-1")).keySet()));
        assertEquals(List.of(TC, TB), List.copyOf(series(gauge("sum", "tags", "host!:web-01")).keySet()));
        assertEquals(List.of(TA, TB), List.copyOf(series(gauge("sum", "tags", "host~:web-.*")).keySet()));
        assertEquals(List.of(TC), List.copyOf(series(gauge("sum", "tags", "host!~:web-.*")).keySet()));
        assertEquals(List.of(TC, TA), List.copyOf(series(gauge("sum", "tags", "host:(web-01|db-01)")).keySet()));
        // Anchored: "web" alone matches no whole value; comma-separated filters are ANDed.
        assertEquals(0, gauge("sum", "tags", "host~:web").get("series").size());
        assertEquals(List.of(TB), List.copyOf(series(gauge("sum", "tags", "region:us-east-1,host!:web-01")).keySet()));
    }

    /** A series only the hourly rollup of forty days ago has: in {@code series}, but not recent. */
    private static final Map<String, String> OLD_ONLY = Map.of("host", "web-03", "region", "ap-south-1");
    private static final String TOLD = "{\"host\":\"web-03\",\"region\":\"ap-south-1\"}";

    /** A at +10 s (k) and +70 s (2k), B at +20 s (10k), C at +30 s (100k). */
    private static List<P> tierPoints(Instant start, double k) {
        return List.of(new P(A, start.plusSeconds(10), k), new P(A, start.plusSeconds(70), 2 * k),
                new P(B, start.plusSeconds(20), 10 * k), new P(C, start.plusSeconds(30), 100 * k));
    }

    private static List<Double> pt(Instant t, double value) {
        return List.of((double) t.toEpochMilli(), value);
    }

    @Test
    void everyTierTakesTagsFiltersAndGroupsFromTheSeriesTable() throws Exception {
        StackData data = new StackData(STACK);
        Instant speedHour = H.plusSeconds(3600);
        // Hour H is batch-complete for "it." (rollup_1m), H+1 is not (speed_1m; raw below a minute's step),
        // forty days ago is rollup_1h. The point and rollup tables have no tags: tags, filters and groups
        // can come from series only.
        data.insertRollup("rollup_1m", "it.tagless", "gauge", tierPoints(H, 1));
        data.insertRollup("speed_rollup_1m", "it.tagless", "gauge", tierPoints(speedHour, 2));
        data.insertRaw("it.tagless", "gauge", tierPoints(speedHour, 3));
        List<P> hourly = new ArrayList<>(tierPoints(DAY40, 4));
        hourly.add(new P(OLD_ONLY, DAY40.plusSeconds(40), 1000));
        data.insertRollup("rollup_1h", "it.tagless", "gauge", hourly);
        String web01 = "{\"host\":\"web-01\"}";
        String web02 = "{\"host\":\"web-02\"}";

        assertTier("rollup_1m", H, H.plusSeconds(3600), "1h",
                Map.of(web01, List.of(pt(H, 3)), web02, List.of(pt(H, 10))),
                Map.of(TA, List.of(pt(H, 3)), TB, List.of(pt(H, 10)), TC, List.of(pt(H, 100))));
        assertTier("speed_1m", speedHour, speedHour.plusSeconds(3600), "1h",
                Map.of(web01, List.of(pt(speedHour, 6)), web02, List.of(pt(speedHour, 20))),
                Map.of(TA, List.of(pt(speedHour, 6)), TB, List.of(pt(speedHour, 20)), TC, List.of(pt(speedHour, 200))));
        assertTier("raw", speedHour, speedHour.plusSeconds(120), "30s",
                Map.of(web01, List.of(pt(speedHour, 3), pt(speedHour.plusSeconds(60), 6)), web02, List.of(pt(speedHour, 30))),
                Map.of(TA, List.of(pt(speedHour, 3), pt(speedHour.plusSeconds(60), 6)), TB, List.of(pt(speedHour, 30)),
                        TC, List.of(pt(speedHour.plusSeconds(30), 300))));
        assertTier("rollup_1h", DAY40, DAY40.plusSeconds(3600), "1h",
                Map.of(web01, List.of(pt(DAY40, 12)), web02, List.of(pt(DAY40, 40))),
                Map.of(TA, List.of(pt(DAY40, 12)), TB, List.of(pt(DAY40, 40)), TC, List.of(pt(DAY40, 400)),
                        TOLD, List.of(pt(DAY40, 1000))));
        // Tag values of the series with minute rows in the lookback (speed or batch): not the old-only one.
        assertEquals("{\"metric\":\"it.tagless\",\"lookback\":\"86400s\",\"tags\":{\"host\":[{\"value\":\"db-01\","
                + "\"series\":1},{\"value\":\"web-01\",\"series\":1},{\"value\":\"web-02\",\"series\":1}],"
                + "\"region\":[{\"value\":\"us-east-1\",\"series\":2},{\"value\":\"eu-west-1\",\"series\":1}]}}",
                ok("/v1/metrics/it.tagless/tags").toString());
    }

    /**
     * One tier's answers for {@code it.tagless} (sum): grouped by host among region us-east-1, every
     * series with its full tags, and a negative regex filter (db-01 only).
     */
    private static void assertTier(String tier, Instant start, Instant end, String step,
            Map<String, List<List<Double>>> eastByHost, Map<String, List<List<Double>>> all) throws Exception {
        JsonNode grouped = ok(q("metric", "it.tagless", "start", start.toString(), "end", end.toString(), "step", step,
                "agg", "sum", "tags", "region:us-east-1", "group_by", "host"));
        assertEquals(1, grouped.get("tiers").size(), grouped.get("tiers").toString());
        assertEquals(tier, grouped.get("tiers").get(0).get("tier").asText());
        assertEquals(eastByHost, series(grouped), tier);
        assertEquals(all, series(ok(q("metric", "it.tagless", "start", start.toString(), "end", end.toString(),
                "step", step, "agg", "sum"))), tier);
        assertEquals(Map.of(TC, all.get(TC)), series(ok(q("metric", "it.tagless", "start", start.toString(),
                "end", end.toString(), "step", step, "agg", "sum", "tags", "host!~:web-.*"))), tier);
    }

    @Test
    void counterRateAndIncreaseAcrossAResetOnRollupsAndRaw() throws Exception {
        // Minute rows: [10, 20] increase 10; [5, 8] increase 3, plus 5 across the reset: 18 in 120 s.
        JsonNode minutes = ok(q("metric", "it.counter", "start", H.toString(), "end", H.plusSeconds(120).toString(),
                "step", "2m", "agg", "increase"));
        assertEquals(Map.of(TA, List.of(pt(0, 18))), series(minutes));
        assertEquals("rollup_1m", minutes.get("tiers").get(0).get("tier").asText());
        JsonNode rate = ok(q("metric", "it.counter", "start", H.toString(), "end", H.plusSeconds(120).toString(),
                "step", "2m", "agg", "rate"));
        assertEquals(Map.of(TA, List.of(pt(0, 0.15))), series(rate));
        // Raw at 30 s: one point per bucket; increases 0, 10, 5 (reset), 3.
        JsonNode raw = ok(q("metric", "it.counter", "start", H.toString(), "end", H.plusSeconds(120).toString(),
                "step", "30s", "agg", "rate"));
        assertEquals("[{\"tier\":\"raw\",\"start\":\"" + H + "\",\"end\":\"" + H.plusSeconds(120)
                + "\",\"resolution\":\"30s\"}]", raw.get("tiers").toString());
        assertEquals(Map.of(TA, List.of(pt(0, 0), pt(30, 10.0 / 30), pt(60, 5.0 / 30), pt(90, 3.0 / 30))), series(raw));
    }

    @Test
    void quantilesFromMergedSketches() throws Exception {
        Map<String, Object> expected = new java.util.TreeMap<>(Map.of("p50", List.of(pt(0, 20)), "p90", List.of(pt(0, 30)),
                "p95", List.of(pt(0, 40)), "p99", List.of(pt(0, 50))));
        Map<String, Object> actual = new java.util.TreeMap<>();
        for (String agg : expected.keySet()) {
            JsonNode body = ok(q("metric", "it.quantile", "start", H.toString(), "end", H.plusSeconds(3600).toString(),
                    "step", "1h", "agg", agg));
            actual.put(agg, series(body).get(TA));
        }
        assertEquals(expected, actual);
    }

    @Test
    void cacheServesRepeatsAndCoalescesConcurrentIdenticalQueries() throws Exception {
        var executions = APP.getEnvironment().metrics().timer("query.trino.executions");
        String path = q("metric", "it.gauge", "start", H.toString(), "end", H.plusSeconds(7200).toString(),
                "step", "30m", "agg", "max");
        long before = executions.getCount();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Integer>> calls = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                calls.add(() -> get(APP.getLocalPort(), path, null).statusCode());
            }
            for (Future<Integer> f : pool.invokeAll(calls)) {
                assertEquals(200, f.get());
            }
        } finally {
            pool.shutdown();
        }
        assertEquals(before + 1, executions.getCount(), "8 identical concurrent queries ran once");
        ok(path);
        assertEquals(before + 1, executions.getCount(), "a repeat within the TTL is a cache hit");
        String prometheus = TestHttp.get(APP.getAdminPort(), "/metrics/prometheus").body();
        assertTrue(prometheus.contains("query_cache_hits "), prometheus);
        assertTrue(prometheus.contains("query_trino_executions_count"), prometheus);
    }

    @Test
    void badParametersAre400NamingTheParameter() throws Exception {
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put(q("metric", "it.gauge' OR 1=1 --"), "metric");
        cases.put(q("metric", "it.gauge", "start", "2024-01-01'; DROP TABLE raw_points; --"), "start");
        cases.put(q("metric", "it.gauge", "end", "now-1h) OR (1=1"), "end");
        cases.put(q("metric", "it.gauge", "step", "60s; DROP TABLE raw_points"), "step");
        cases.put(q("metric", "it.gauge", "agg", "avg(value)) FROM raw_points --"), "agg");
        cases.put(q("metric", "it.gauge", "group_by", "region') --"), "group_by");
        cases.put(q("metric", "it.gauge", "tags", "host:web-01' OR '1'='1"), "tags");
        cases.put(q("metric", "it.gauge", "tags", "host'):x"), "tags");
        cases.put(q("metric", "it.gauge", "tags", "host~:(unclosed"), "tags");
        cases.put(q("metric", "it.gauge", "tags", "host~:" + "a".repeat(300)), "tags");
        cases.put(q("metric", "it.gauge", "step", "7s"), "step");
        cases.put(q("metric", "it.gauge", "start", "now", "end", "now-1h"), "start");
        cases.put(q("metric", "it.gauge", "limit", "1"), "limit");
        cases.put("/v1/query", "metric");
        StackData data = new StackData(STACK);
        long queriesBefore = data.queriesFrom("query-service");
        for (var c : cases.entrySet()) {
            HttpResponse<String> response = get(APP.getLocalPort(), c.getKey(), null);
            assertEquals(400, response.statusCode(), c.getKey() + " -> " + response.body());
            JsonNode body = TestHttp.json(response);
            assertEquals(400, body.get("code").asInt());
            assertEquals(c.getValue(), body.get("parameter").asText(), response.body());
            assertTrue(!body.get("message").asText().isBlank());
        }
        assertEquals(queriesBefore, data.queriesFrom("query-service"), "no refused query reached Trino");
    }

    @Test
    void guardrailsAnswer422BeforeTrinoRuns() throws Exception {
        HttpResponse<String> range = get(APP.getLocalPort(), q("metric", "it.gauge", "start", "now-3d", "step", "30s"), null);
        assertEquals(422, range.statusCode(), range.body());
        assertEquals("start", TestHttp.json(range).get("parameter").asText());
        assertTrue(TestHttp.json(range).get("message").asText().startsWith("the raw tier serves at most 172800s"), range.body());
        HttpResponse<String> points = get(APP.getLocalPort(), q("metric", "it.gauge", "start", "now-1d", "step", "1s"), null);
        assertEquals(422, points.statusCode(), points.body());
        assertEquals("step", TestHttp.json(points).get("parameter").asText());
    }

    @Test
    void relativeTimesAndDefaults() throws Exception {
        JsonNode body = ok(q("metric", "it.gauge", "start", "now-4h", "end", "now", "agg", "count", "tags", "host:db-01"));
        // 4 h / 360 points -> 40 s, rounded up to an allowed step: 60 s, served by the minute tier.
        assertEquals("60s", body.get("resolution").asText());
        assertEquals(Map.of(TC, List.of(pt(600, 1), pt(3600 + 600, 1), pt(3600 + 1200, 1))), series(body));
    }
}
