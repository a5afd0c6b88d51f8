package io.metrics.lakehouse.query.alerting;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.metrics.lakehouse.local.LocalStackExtension;
import io.metrics.lakehouse.local.StackEndpoints;
import io.metrics.lakehouse.query.QueryServiceApplication;
import io.metrics.lakehouse.query.QueryServiceConfiguration;
import io.metrics.lakehouse.query.alerting.core.Aggregation;
import io.metrics.lakehouse.query.alerting.core.InstanceValue;
import io.metrics.lakehouse.query.alerting.core.RuleQuery;
import io.metrics.lakehouse.query.alerting.core.TagFilter;
import io.metrics.lakehouse.query.alerting.engine.QueryEngineRuleDataSource;
import io.metrics.lakehouse.query.testing.StackData;
import io.metrics.lakehouse.query.testing.StackData.P;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The evaluator on real data: points in Iceberg (written through Trino), read by the production
 * {@link QueryEngineRuleDataSource} through the query engine, a rule created over HTTP, one evaluation
 * and one dispatch, and the page received by a local webhook receiver.
 */
@ExtendWith({LocalStackExtension.class, DropwizardExtensionsSupport.class})
class AlertingThroughQueryEngineTest {

    private static final StackEndpoints STACK = LocalStackExtension.endpoints();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpReceiver WEBHOOK = receiver();

    static final DropwizardAppExtension<QueryServiceConfiguration> APP = new DropwizardAppExtension<>(
            QueryServiceApplication.class, ResourceHelpers.resourceFilePath("alerting-test.yml"),
            ConfigOverride.randomPorts("dw."),
            ConfigOverride.config("dw.", "trino.jdbcUrl", STACK.trinoJdbcUrl()),
            ConfigOverride.config("dw.", "trino.user", STACK.trinoUser()),
            ConfigOverride.config("dw.", "database.url", STACK.jdbcUrl(StackEndpoints.CONTROL_PLANE_DATABASE)),
            ConfigOverride.config("dw.", "database.user", STACK.postgresUser()),
            ConfigOverride.config("dw.", "database.password", STACK.postgresPassword()),
            ConfigOverride.config("dw.", "alerting.evaluator.owner", "engine-test"),
            ConfigOverride.config("dw.", "alerting.channels.webhook.url", WEBHOOK.url("/hook")));

    private static final String METRIC = "alerting.engine." + UUID.randomUUID().toString().substring(0, 8);

    @AfterAll
    static void stop() {
        WEBHOOK.close();
    }

    @Test
    void ruleValuesComeFromTheQueryEngineAndABreachPagesOnce() throws Exception {
        // Points of the last minute: web-01 10, 20, 30; web-02 500, 700 (region eu for all).
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        Map<String, String> web01 = Map.of("host", "web-01", "region", "eu");
        Map<String, String> web02 = Map.of("host", "web-02", "region", "eu");
        new StackData(STACK).insertRaw(METRIC, "gauge", List.of(
                new P(web01, now.minusSeconds(50), 10), new P(web01, now.minusSeconds(40), 20),
                new P(web01, now.minusSeconds(30), 30),
                new P(web02, now.minusSeconds(45), 500), new P(web02, now.minusSeconds(35), 700)));
        QueryEngineRuleDataSource data = new QueryEngineRuleDataSource(
                APP.<QueryServiceApplication>getApplication().engine());
        // Evaluated 12 s after the last point: the 120 s window holds every point.
        Instant at = now.plusSeconds(12);

        assertEquals(Map.of("web-01", 20.0, "web-02", 600.0),
                byHost(data.evaluate(query(Aggregation.AVG, List.of("host"), List.of()), at)));
        assertEquals(Map.of("web-01", 30.0, "web-02", 700.0),
                byHost(data.evaluate(query(Aggregation.MAX, List.of("host"), List.of()), at)));
        assertEquals(Map.of("web-01", 10.0, "web-02", 500.0),
                byHost(data.evaluate(query(Aggregation.MIN, List.of("host"), List.of()), at)));
        assertEquals(Map.of("web-01", 30.0, "web-02", 700.0),
                byHost(data.evaluate(query(Aggregation.LAST, List.of("host"), List.of()), at)));
        // A 30 s window is read in 1 s buckets: a point 1 s old already counts (no wait for a 10 s boundary).
        assertEquals(Map.of("web-01", 30.0, "web-02", 700.0), byHost(data.evaluate(new RuleQuery(METRIC,
                Aggregation.MAX, List.of(), List.of("host"), Duration.ofSeconds(30)), now.minusSeconds(29))));
        // No group-by: one instance over every series of the metric.
        assertEquals(List.of(new InstanceValue(Map.of(), 5.0)),
                data.evaluate(query(Aggregation.COUNT, List.of(), List.of()), at));
        assertEquals(List.of(new InstanceValue(Map.of(), 1260.0 / 5)),
                data.evaluate(query(Aggregation.AVG, List.of(), List.of()), at));
        // Tag filters pass through.
        assertEquals(List.of(new InstanceValue(Map.of(), 60.0)), data.evaluate(query(Aggregation.SUM, List.of(),
                List.of(new TagFilter("host", TagFilter.Op.EQUALS, List.of("web-01")))), at));

        // The rule over HTTP, evaluated once by the production evaluator (through the engine), then dispatched.
        HttpResponse<String> created = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + APP.getLocalPort() + "/v1/alert-rules"))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(Map.of(
                        "metric", METRIC, "name", "Engine breach " + METRIC, "expression", "avg(value) > 100",
                        "window_seconds", 600, "for_seconds", 0, "severity", "warning",
                        "group_by", List.of("host"), "channels", List.of("webhook")))))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(201, created.statusCode(), created.body());
        var alerting = APP.<QueryServiceApplication>getApplication().alerting();
        alerting.evaluator().runOnce();
        alerting.dispatcher().runOnce();
        alerting.evaluator().runOnce(); // still breaching: no second page
        alerting.dispatcher().runOnce();

        List<HttpReceiver.Request> pages = WEBHOOK.mentioning(METRIC);
        assertEquals(1, pages.size(), pages.toString());
        JsonNode alerts = pages.get(0).body().get("alerts");
        assertEquals(1, alerts.size(), alerts.toString());
        assertEquals("firing", alerts.get(0).get("status").asText());
        assertEquals("web-02", alerts.get(0).get("labels").get("host").asText());
    }

    private static RuleQuery query(Aggregation aggregation, List<String> groupBy, List<TagFilter> filters) {
        return new RuleQuery(METRIC, aggregation, filters, groupBy, Duration.ofSeconds(120));
    }

    private static Map<String, Double> byHost(List<InstanceValue> values) {
        Map<String, Double> byHost = new TreeMap<>();
        for (InstanceValue value : values) {
            byHost.put(value.labels().get("host"), value.value());
        }
        return byHost;
    }

    private static HttpReceiver receiver() {
        try {
            return new HttpReceiver("/hook", 200, body -> "");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
