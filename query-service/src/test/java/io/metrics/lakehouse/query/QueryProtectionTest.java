package io.metrics.lakehouse.query;

import static io.metrics.lakehouse.query.QueryApiTest.get;
import static io.metrics.lakehouse.query.QueryApiTest.q;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.DropwizardTestSupport;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.metrics.lakehouse.core.wire.v1.MetricType;
import io.metrics.lakehouse.local.LocalStackExtension;
import io.metrics.lakehouse.local.StackEndpoints;
import io.metrics.lakehouse.query.alerting.core.InstanceValue;
import io.metrics.lakehouse.query.alerting.core.RuleQuery;
import io.metrics.lakehouse.query.alerting.engine.QueryEngineRuleDataSource;
import io.metrics.lakehouse.query.testing.StackData;
import io.metrics.lakehouse.query.testing.StackData.P;
import io.metrics.lakehouse.service.testing.TestHttp;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Auth, the series guardrail, per-token concurrency (429), turns on Trino (queued, then 503), the query
 * timeout and the circuit breaker (503) on the real stack.
 */
@ExtendWith({LocalStackExtension.class, DropwizardExtensionsSupport.class})
class QueryProtectionTest {

    private static final StackEndpoints STACK = LocalStackExtension.endpoints();
    private static final String TOKEN = "s3cret-dashboards-token";
    private static final Instant H = Instant.now().truncatedTo(ChronoUnit.HOURS).minus(2, ChronoUnit.HOURS);

    static final DropwizardAppExtension<QueryServiceConfiguration> APP = new DropwizardAppExtension<>(
            QueryServiceApplication.class, ResourceHelpers.resourceFilePath("protected.yml"), "dw-p.",
            QueryApiTest.overrides("dw-p.", Map.of("auth.tokens[0].sha256", HexFormat.of().formatHex(sha256(TOKEN)))));

    private static byte[] sha256(String text) {
        return io.metrics.lakehouse.service.auth.BearerTokenAuthenticator.sha256(text);
    }

    /** When the alert rule of theAlertEvaluatorHasTurnsOfItsOwn is evaluated: its points are the minute before. */
    private static final Instant RULE_AT = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    /** The hour of the {@code timeout.slow} rows, which Trino takes seconds to filter. */
    private static final Instant SLOW_HOUR = H.minus(1, ChronoUnit.HOURS);

    @BeforeAll
    static void data() throws Exception {
        new StackData(STACK).insertRollup("speed_rollup_1m", "it.guard", "gauge", List.of(
                new P(Map.of("host", "a", "region", "r1"), H.plusSeconds(60), 1),
                new P(Map.of("host", "b", "region", "r1"), H.plusSeconds(60), 2),
                new P(Map.of("host", "c", "region", "r2"), H.plusSeconds(60), 3)));
        // Raw points of the last minute for an alert rule's query (raw_points serves windows at steps under a minute).
        new StackData(STACK).insertRaw("it.alertturns", "gauge", List.of(
                new P(Map.of("host", "a", "region", "r1"), RULE_AT.minusSeconds(50), 1),
                new P(Map.of("host", "b", "region", "r1"), RULE_AT.minusSeconds(40), 2),
                new P(Map.of("host", "c", "region", "r2"), RULE_AT.minusSeconds(30), 3)));
        // Each series costs Trino's backtracking regex engine about 2^24 steps for the filter of
        // slowQuery() ((a+)+ over 24 a's, then no non-a to end on): seconds for the 40 series, far
        // beyond the short query timeouts below. The metric's prefix is one no other test logs complete,
        // so its hour is served from speed_rollup_1m, where the rows are.
        String host = "a".repeat(24);
        new StackData(STACK).insertRollup("speed_rollup_1m", "SELECT 'timeout.slow' AS metric, 'gauge' AS metric_type,"
                + " CAST(s AS bigint) AS series_id, MAP(ARRAY['host', 'n'], ARRAY['" + host + "', CAST(s AS varchar)]) AS tags,"
                + " CAST(from_iso8601_timestamp('" + SLOW_HOUR + "') AS timestamp(6) with time zone) + s * INTERVAL '1' SECOND"
                + " AS ts, 1e0 AS v FROM UNNEST(sequence(1, 40)) AS x(s)");
    }

    /** A query of the timeout.slow rows that keeps Trino busy until the query timeout kills it. */
    private static String slowQuery() {
        return q("metric", "timeout.slow", "start", SLOW_HOUR.toString(), "end", SLOW_HOUR.plusSeconds(3600).toString(),
                "step", "1h", "agg", "count", "group_by", "host", "tags", "host~:(a+)+[^a]");
    }

    private static String range(String... extra) {
        List<String> pairs = new ArrayList<>(List.of("metric", "it.guard", "start", H.toString(),
                "end", H.plusSeconds(3600).toString(), "step", "1h"));
        pairs.addAll(List.of(extra));
        return q(pairs.toArray(new String[0]));
    }

    @Test
    void withoutOrWithAWrongTokenThe401IsJson() throws Exception {
        for (String token : new String[] {null, "wrong", TOKEN + "x"}) {
            HttpResponse<String> response = get(APP.getLocalPort(), range("group_by", "region"), token);
            assertEquals(401, response.statusCode(), response.body());
            assertEquals(401, TestHttp.json(response).get("code").asInt());
            assertEquals("Bearer realm=\"metrics-lakehouse\"", response.headers().firstValue("WWW-Authenticate").orElseThrow());
        }
        assertEquals(401, get(APP.getLocalPort(), "/v1/metrics?match=it", null).statusCode());
        HttpResponse<String> ok = get(APP.getLocalPort(), range("group_by", "region", "agg", "sum"), TOKEN);
        assertEquals(200, ok.statusCode(), ok.body());
        assertEquals("[{\"tags\":{\"region\":\"r1\"},\"points\":[[" + H.toEpochMilli() + ",3.0]]},{\"tags\":{\"region\":\"r2\"},"
                + "\"points\":[[" + H.toEpochMilli() + ",3.0]]}]", TestHttp.json(ok).get("series").toString());
    }

    @Test
    void moreSeriesThanTheLimitIs422() throws Exception {
        HttpResponse<String> response = get(APP.getLocalPort(), range(), TOKEN);
        assertEquals(422, response.statusCode(), response.body());
        JsonNode body = TestHttp.json(response);
        assertEquals("tags", body.get("parameter").asText());
        assertEquals("the query matches more than 2 series; narrow it with tags filters or group_by", body.get("message").asText());
        String prometheus = TestHttp.get(APP.getAdminPort(), "/metrics/prometheus").body();
        assertTrue(prometheus.contains("query_rejected_series_total"), prometheus);
    }

    @Test
    void concurrentDistinctQueriesOfOneTokenOverItsLimitAre429() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(6);
        List<Callable<HttpResponse<String>>> calls = new ArrayList<>();
        for (String agg : List.of("avg", "sum", "min", "max", "count", "last")) {
            calls.add(() -> get(APP.getLocalPort(), range("agg", agg, "group_by", "region"), TOKEN));
        }
        int ok = 0;
        int refused = 0;
        try {
            for (Future<HttpResponse<String>> f : pool.invokeAll(calls)) {
                HttpResponse<String> response = f.get();
                if (response.statusCode() == 429) {
                    refused++;
                    assertEquals("1", response.headers().firstValue("Retry-After").orElseThrow());
                    assertEquals(429, TestHttp.json(response).get("code").asInt());
                } else {
                    assertEquals(200, response.statusCode(), response.body());
                    ok++;
                }
            }
        } finally {
            pool.shutdown();
        }
        assertTrue(ok >= 1 && refused >= 1, "ok=" + ok + " refused=" + refused);
    }

    @Test
    void circuitBreakerOpensOnAFailingTrinoAndSheds503WithRetryAfter() throws Exception {
        String prefix = "dw-cb.";
        DropwizardTestSupport<QueryServiceConfiguration> broken = QueryApiTest.localApp(prefix, Map.of(
                "trino.jdbcUrl", "jdbc:trino://127.0.0.1:" + TestHttp.closedPort(),
                        "query.circuitBreaker.minimumCalls", "2",
                        "query.circuitBreaker.slidingWindowCalls", "2",
                        "query.circuitBreaker.openDuration", "45s"));
        broken.before();
        try {
            for (String agg : List.of("avg", "sum")) {
                HttpResponse<String> failing = get(broken.getLocalPort(), range("agg", agg), null);
                assertEquals(503, failing.statusCode(), failing.body());
                assertTrue(TestHttp.json(failing).get("message").asText().startsWith("Trino could not run the query: "),
                        failing.body());
            }
            HttpResponse<String> shed = get(broken.getLocalPort(), range("agg", "max"), null);
            assertEquals(503, shed.statusCode(), shed.body());
            assertEquals("45", shed.headers().firstValue("Retry-After").orElseThrow());
            assertEquals("Trino is failing; queries are shed for up to 45s", TestHttp.json(shed).get("message").asText());
            String prometheus = TestHttp.get(broken.getAdminPort(), "/metrics/prometheus").body();
            assertTrue(prometheus.contains("query_circuit_breaker_state 1.0"), prometheus);
            assertTrue(prometheus.contains("query_rejected_circuit_open_total 1.0"), prometheus);
        } finally {
            broken.after();
        }
    }

    @Test
    void aQueryTrinoCannotFinishWithinTheQueryTimeoutIs503() throws Exception {
        // The driver sends the timeout as query_max_run_time, so Trino itself kills the query.
        String prefix = "dw-timeout.";
        DropwizardTestSupport<QueryServiceConfiguration> slow = QueryApiTest.localApp(prefix, Map.of(
                "trino.queryTimeout", "1s"));
        slow.before();
        try {
            long started = System.nanoTime();
            HttpResponse<String> response = get(slow.getLocalPort(), slowQuery(), null);
            long tookMs = (System.nanoTime() - started) / 1_000_000;
            assertEquals(503, response.statusCode(), response.body());
            assertEquals("{\"code\":503,\"message\":\"the query ran longer than 1s; shorten the range or use a larger step\"}",
                    response.body());
            assertEquals("5", response.headers().firstValue("Retry-After").orElseThrow());
            assertTrue(tookMs < 10_000, "answered after " + tookMs + " ms, not after the 10 s safety bound");
            String prometheus = TestHttp.get(slow.getAdminPort(), "/metrics/prometheus").body();
            assertTrue(prometheus.contains("query_rejected_timeout_total 1.0"), prometheus);
        } finally {
            slow.after();
        }
    }

    @Test
    void aQueryWaitsForItsTurnOnTrinoAndRunsWhenTheQueryBeforeItEnds() throws Exception {
        whileSlowQueryHoldsTheOnlyTurn("dw-turns.", "2s", "60s", (app, slow) -> {
            HttpResponse<String> queued = get(app.getLocalPort(), range("agg", "sum", "group_by", "region"), null);
            assertTrue(slow.isDone(), "the queued query answered before the one holding the only turn");
            assertEquals(503, slow.get().statusCode(), slow.get().body());
            assertEquals(200, queued.statusCode(), queued.body());
            assertEquals("[{\"tags\":{\"region\":\"r1\"},\"points\":[[" + H.toEpochMilli() + ",3.0]]},{\"tags\":{\"region\":\"r2\"},"
                    + "\"points\":[[" + H.toEpochMilli() + ",3.0]]}]", TestHttp.json(queued).get("series").toString());
            String prometheus = TestHttp.get(app.getAdminPort(), "/metrics/prometheus").body();
            assertTrue(prometheus.contains("query_trino_waits_count 2\n"), prometheus);
            assertTrue(prometheus.contains("query_trino_running 0.0"), prometheus);
            assertTrue(prometheus.contains("query_trino_waiting 0.0"), prometheus);
        });
    }

    @Test
    void aQueryThatCannotGetATurnOnTrinoWithinMaxWaitIs503() throws Exception {
        whileSlowQueryHoldsTheOnlyTurn("dw-busy.", "4s", "1s", (app, slow) -> {
            HttpResponse<String> refused = get(app.getLocalPort(), range("agg", "min", "group_by", "region"), null);
            assertEquals(503, refused.statusCode(), refused.body());
            assertEquals("{\"code\":503,\"message\":\"Trino is busy: this query waited 1s for a turn (at most 1 run at once);"
                    + " retry shortly\"}", refused.body());
            assertEquals("1", refused.headers().firstValue("Retry-After").orElseThrow());
            assertTrue(!slow.isDone(), "the slow query still held the turn");
            String prometheus = TestHttp.get(app.getAdminPort(), "/metrics/prometheus").body();
            assertTrue(prometheus.contains("query_rejected_trino_busy_total 1.0"), prometheus);
            assertTrue(prometheus.contains("query_trino_running 1.0"), prometheus);
        });
    }

    @Test
    void theAlertEvaluatorHasTurnsOfItsOwn() throws Exception {
        // Dashboards' only turn is held and their wait is 1 s: a rule's query still answers at once,
        // from the evaluator's reserved turns (query.trinoConcurrency.reserved.alerting: 2).
        whileSlowQueryHoldsTheOnlyTurn("dw-alert-turns.", "6s", "1s", (app, slow) -> {
            QueryEngineRuleDataSource rules = new QueryEngineRuleDataSource(app.<QueryServiceApplication>getApplication().engine());
            List<InstanceValue> values = rules.evaluate(new RuleQuery("it.alertturns",
                    io.metrics.lakehouse.query.alerting.core.Aggregation.SUM, List.of(), List.of("region"),
                    java.time.Duration.ofSeconds(120)), RULE_AT.plusSeconds(10));
            assertEquals(List.of(new InstanceValue(Map.of("region", "r1"), 3.0), new InstanceValue(Map.of("region", "r2"), 3.0)),
                    values.stream().sorted(java.util.Comparator.comparing(v -> v.labels().toString())).toList());
            HttpResponse<String> dashboard = get(app.getLocalPort(), range("agg", "max", "group_by", "region"), null);
            assertEquals(503, dashboard.statusCode(), dashboard.body());
            assertTrue(!slow.isDone(), "the slow query still held the dashboards' turn");
        });
    }

    @Test
    void answersFromTheRecentWindowDoNotWaitBehindQueriesForTrino() throws Exception {
        // Points of ten minutes ago in the points topic only: the recent window alone can answer them.
        Instant t = Instant.now().truncatedTo(ChronoUnit.MINUTES).minus(10, ChronoUnit.MINUTES);
        try (KafkaProducer<byte[], byte[]> producer = RecentWindowTest.producer()) {
            RecentWindowTest.publish(producer, "it.storm.recent", MetricType.GAUGE, List.of(
                    new P(Map.of("host", "a"), t, 4), new P(Map.of("host", "a"), t.plusSeconds(20), 5),
                    new P(Map.of("host", "b"), t.plusSeconds(30), 6)));
        }
        String probe = q("metric", "it.storm.recent", "start", t.toString(), "end", t.plusSeconds(60).toString(),
                "step", "60s", "agg", "count");
        String lastMinutes = q("metric", "it.storm.recent", "start", t.toString(), "end", t.plusSeconds(60).toString(),
                "step", "60s", "agg", "sum", "group_by", "host");
        // The only thread for queries that need Trino is the slow query's: before the window had its
        // own threads, the window's answer waited behind it until its 503.
        whileSlowQueryHoldsTheOnlyTurn("dw-storm.", "8s", "60s", Map.of(
                "query.trinoConcurrency.threads", "1",
                "query.cacheTtl", "1ms",
                "recentWindow.bootstrapServers", STACK.kafkaBootstrapServers()),
                app -> awaitRecentTier(app, probe),
                (app, slow) -> {
                    HttpResponse<String> answer = get(app.getLocalPort(), lastMinutes, null);
                    // Still running: the answer did not wait for the thread (a freed thread had
                    // released the turn first).
                    String prometheus = TestHttp.get(app.getAdminPort(), "/metrics/prometheus").body();
                    assertTrue(prometheus.contains("query_trino_running 1.0"), prometheus);
                    assertEquals(200, answer.statusCode(), answer.body());
                    JsonNode body = TestHttp.json(answer);
                    assertEquals("[{\"tags\":{\"host\":\"a\"},\"points\":[[" + t.toEpochMilli() + ",9.0]]},"
                            + "{\"tags\":{\"host\":\"b\"},\"points\":[[" + t.toEpochMilli() + ",6.0]]}]",
                            body.get("series").toString());
                    assertEquals("recent", body.get("tiers").get(0).get("tier").asText(), body.get("tiers").toString());
                    assertEquals(1, body.get("tiers").size(), body.get("tiers").toString());
                });
    }

    /** Until the service's window has replayed the topic: its first answers come from Trino. */
    private static void awaitRecentTier(DropwizardTestSupport<QueryServiceConfiguration> app, String path) throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (true) {
            HttpResponse<String> response = get(app.getLocalPort(), path, null);
            assertEquals(200, response.statusCode(), response.body());
            if ("recent".equals(TestHttp.json(response).get("tiers").get(0).get("tier").asText())) {
                return;
            }
            assertTrue(System.nanoTime() < deadline, "the recent window did not start serving within 60 s");
            Thread.sleep(200);
        }
    }

    private interface WhileHeld {
        void check(DropwizardTestSupport<QueryServiceConfiguration> app, Future<HttpResponse<String>> slow) throws Exception;
    }

    private interface BeforeSlow {
        void run(DropwizardTestSupport<QueryServiceConfiguration> app) throws Exception;
    }

    /**
     * Starts a service with one turn on Trino ({@code maxConcurrent: 1}), sends {@link #slowQuery()},
     * and runs the check once that query holds the turn.
     */
    private static void whileSlowQueryHoldsTheOnlyTurn(String prefix, String queryTimeout, String maxWait, WhileHeld check)
            throws Exception {
        whileSlowQueryHoldsTheOnlyTurn(prefix, queryTimeout, maxWait, Map.of(), app -> { }, check);
    }

    /** As above, with more config overrides and a step run on the started service before the slow query. */
    private static void whileSlowQueryHoldsTheOnlyTurn(String prefix, String queryTimeout, String maxWait,
            Map<String, String> more, BeforeSlow before, WhileHeld check) throws Exception {
        Map<String, String> overrides = new HashMap<>(more);
        overrides.putAll(Map.of("trino.queryTimeout", queryTimeout,
                "query.trinoConcurrency.maxConcurrent", "1",
                "query.trinoConcurrency.maxWait", maxWait));
        DropwizardTestSupport<QueryServiceConfiguration> app = QueryApiTest.localApp(prefix, overrides);
        app.before();
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            before.run(app);
            Future<HttpResponse<String>> slow = pool.submit(() -> get(app.getLocalPort(), slowQuery(), null));
            awaitRunningOnTrino(app.getAdminPort());
            check.check(app, slow);
        } finally {
            pool.shutdownNow();
            app.after();
        }
    }

    /** Until the admin port's {@code query_trino_running} gauge shows a statement holding a turn. */
    private static void awaitRunningOnTrino(int adminPort) throws Exception {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (!TestHttp.get(adminPort, "/metrics/prometheus").body().contains("query_trino_running 1.0")) {
            assertTrue(System.nanoTime() < deadline, "no statement started on Trino within 20 s");
            Thread.sleep(50);
        }
    }

    @Test
    void backfillsNeedTheTokenAndRecordItsName() throws Exception {
        String body = "{\"start\":\"2025-04-01T00:00:00Z\",\"end\":\"2025-04-01T01:00:00Z\"}";
        int port = APP.getLocalPort();
        HttpResponse<String> deniedPost = DashboardsApiTest.call(port, "POST", "/v1/backfills", body, null);
        assertEquals(401, deniedPost.statusCode());
        // The body was never read: the client must not send its next request on this connection.
        assertEquals("close", deniedPost.headers().firstValue("Connection").orElse(""));
        HttpResponse<String> deniedGet = DashboardsApiTest.call(port, "GET", "/v1/backfills", null, "wrong");
        assertEquals(401, deniedGet.statusCode());
        assertTrue(deniedGet.headers().firstValue("Connection").isEmpty(), "no body, the connection stays");

        HttpResponse<String> created = DashboardsApiTest.call(port, "POST", "/v1/backfills", body, TOKEN);
        assertEquals(202, created.statusCode(), created.body());
        String id = TestHttp.json(created).get("id").asText();
        assertEquals(401, DashboardsApiTest.call(port, "GET", "/v1/backfills/" + id, null, null).statusCode());
        HttpResponse<String> listed = DashboardsApiTest.call(port, "GET", "/v1/backfills", null, TOKEN);
        assertEquals(200, listed.statusCode(), listed.body());
        assertEquals("dashboards", TestHttp.json(created).get("requested_by").asText());
    }
}
