package io.metrics.lakehouse.launcher;

import static io.metrics.lakehouse.launcher.LaunchedProduct.deleteRecursively;
import static io.metrics.lakehouse.launcher.LaunchedProduct.getJson;
import static io.metrics.lakehouse.launcher.LaunchedProduct.postJson;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/**
 * Alerting end to end on the whole product as the launcher runs it: points pushed to the gateway's
 * {@code /v1/ingest} go through Kafka to query-service's evaluator (its recent window reads the topic;
 * older data would come through the speed layer, Iceberg and Trino), whose notifications reach a local
 * Alertmanager-style webhook receiver ({@code --alert-webhook-url}).
 *
 * <p>Two rules read the same series ({@code max(value) > 100} over {@value #WINDOW_SECONDS} s): "sustained"
 * needs the breach to last {@value #FOR_SECONDS} s, "witness" fires at once. A rule sees a point only while
 * it is in the window, so the window is longer than the pipeline's lag (gateway to the query API: well
 * under a second through the recent window; gateway to Trino, the path before it, took more than a minute
 * on a 2-core machine shared by five stacks), and for_seconds
 * longer than the window plus the short breach, whose pending state then ends before it could fire. A short breach pages the witness (so the
 * evaluator saw it) but not the sustained rule; a long breach pages the sustained rule exactly once,
 * then one resolve when the values go back, and nothing else.
 */
class AlertingThroughIngestionIT {

    private static final String METRIC = "it.alerting.latency_ms";
    private static final String PROBE = "it.alerting.probe";
    private static final String SUSTAINED = "it sustained breach";
    private static final String WITNESS = "it breach witness";
    private static final int WINDOW_SECONDS = 60;
    private static final int FOR_SECONDS = 90;
    private static final double NORMAL = 10;
    private static final double BREACH = 500;
    private static final Duration DELIVERY_TIMEOUT = Duration.ofSeconds(300);

    @Test
    void shortBreachDoesNotPageLongBreachPagesOnceAndResolvesOnce() throws Exception {
        Path dataDir = Path.of("target/alerting-it-data").toAbsolutePath();
        deleteRecursively(dataDir);
        LaunchedProduct.Ports ports = LaunchedProduct.Ports.free();
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            LaunchedProduct product = LaunchedProduct.launch(ports, LaunchedProduct.args(dataDir, ports,
                            "--speed-layer-trigger", "1s", "--no-batch-schedule", "--alert-webhook-url", receiver.url()),
                    dataDir.resolveSibling("alerting-it.out"));
            ScheduledExecutorService feeder = Executors.newSingleThreadScheduledExecutor();
            try {
                String sustained = createRule(ports.query(), SUSTAINED, FOR_SECONDS);
                String witness = createRule(ports.query(), WITNESS, 0);
                // One point every 2 s, as an agent would push: its value is what the test sets.
                AtomicReference<Double> value = new AtomicReference<>(NORMAL);
                AtomicReference<Throwable> feedFailure = new AtomicReference<>();
                feeder.scheduleAtFixedRate(() -> {
                    try {
                        product.ingest(METRIC, System.currentTimeMillis(), value.get(), "h1");
                    } catch (Throwable e) {
                        feedFailure.compareAndSet(null, e);
                    }
                }, 0, 2, TimeUnit.SECONDS);

                // No rule sees a breach that reaches the query API after it left the window: the pipeline (warm:
                // the recent window serves once it has replayed the topic) must be well within it, or this test
                // means nothing.
                pipelineLag(product, ports.query(), 1);
                Duration lag = pipelineLag(product, ports.query(), 2);
                assertTrue(lag.toSeconds() < WINDOW_SECONDS / 2, "the pipeline takes " + lag + " from the gateway"
                        + " to the query API, too long for the rules' " + WINDOW_SECONDS + " s window: is the machine overloaded?");

                // A short breach (4 s): the witness pages and resolves; the sustained rule only went pending.
                value.set(BREACH);
                Thread.sleep(4_000);
                value.set(NORMAL);
                receiver.await(d -> WITNESS.equals(d.alertname()) && "firing".equals(d.status()), DELIVERY_TIMEOUT,
                        "firing page of the witness");
                receiver.await(d -> WITNESS.equals(d.alertname()) && "resolved".equals(d.status()), DELIVERY_TIMEOUT,
                        "resolve of the witness");
                // The witness resolved: the breach left the window, so the sustained rule's pending state ended too.
                Thread.sleep(10_000);
                assertEquals(List.of(), receiver.of(SUSTAINED), "a breach shorter than for_seconds pages nobody");

                // A breach that lasts: one page, then (values back to normal) one resolve.
                Instant breachStart = Instant.now();
                value.set(BREACH);
                WebhookReceiver.Delivery page = receiver.await(d -> SUSTAINED.equals(d.alertname()), DELIVERY_TIMEOUT,
                        "page of the sustained breach");
                value.set(NORMAL);
                WebhookReceiver.Delivery resolve = receiver.await(d -> SUSTAINED.equals(d.alertname())
                        && "resolved".equals(d.status()), DELIVERY_TIMEOUT, "resolve of the sustained breach");
                receiver.await(d -> receiver.of(WITNESS).size() >= 4, DELIVERY_TIMEOUT, "second resolve of the witness");
                Thread.sleep(15_000); // nothing else may follow
                assertEquals(null, feedFailure.get(), "every push was accepted");

                assertEquals(List.of("firing", "resolved"), statuses(receiver.of(SUSTAINED)));
                assertEquals(List.of("firing", "resolved", "firing", "resolved"), statuses(receiver.of(WITNESS)));
                assertEquals(receiver.of(SUSTAINED).size() + receiver.of(WITNESS).size(), receiver.deliveries().size(),
                        "no other notification: " + receiver.deliveries());
                assertPayload(page, "firing", sustained, ports.query());
                assertPayload(resolve, "resolved", sustained, ports.query());
                JsonNode fired = page.body().get("alerts").get(0);
                Instant startsAt = Instant.parse(fired.get("startsAt").asText());
                // It fired no earlier than for_seconds after the breach began, at an evaluation that saw it.
                assertTrue(!startsAt.isBefore(breachStart.plusSeconds(FOR_SECONDS)), "fired at " + startsAt
                        + ", breach began " + breachStart);
                assertEquals(fired.get("fingerprint"), resolve.body().get("alerts").get(0).get("fingerprint"));
                assertEquals(fired.get("startsAt"), resolve.body().get("alerts").get(0).get("startsAt"));

                // The audit trail agrees: one resolved event with the value at fire time.
                JsonNode events = getJson(ports.query(), "/v1/alert-events?rule_id=" + sustained).get("events");
                assertEquals(1, events.size(), events.toString());
                assertEquals("resolved", events.get(0).get("status").asText());
                assertEquals(BREACH, events.get(0).get("values").get("max(value)").asDouble(), 0.0, events.toString());
                assertEquals(NORMAL, events.get(0).get("resolve_values").get("max(value)").asDouble(), 0.0,
                        events.toString());
                assertEquals(2, getJson(ports.query(), "/v1/alert-events?status=resolved&rule_id=" + witness)
                        .get("events").size());
            } finally {
                feeder.shutdownNow();
                product.stop();
            }
        }
    }

    /** Time from the push of a probe point until the query API (what the evaluator reads) serves it. */
    private static Duration pipelineLag(LaunchedProduct product, int queryPort, int probe) throws Exception {
        long begin = System.nanoTime();
        product.ingest(PROBE, System.currentTimeMillis(), probe, "h1");
        long deadline = begin + Duration.ofSeconds(300).toNanos();
        while (System.nanoTime() < deadline) {
            // Until the window has replayed the topic, Trino answers, and may still answer 503 while it warms up.
            HttpResponse<String> response = LaunchedProduct.get(queryPort, "/v1/query?metric=" + PROBE
                    + "&start=now-5m&step=10s&agg=max");
            JsonNode body = response.statusCode() == 200 ? LaunchedProduct.JSON.readTree(response.body()) : null;
            for (JsonNode series : body == null ? List.<JsonNode>of() : body.path("series")) {
                for (JsonNode point : series.path("points")) {
                    if (point.get(1).asDouble() == probe) {
                        return Duration.ofNanos(System.nanoTime() - begin);
                    }
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("probe " + probe + " never reached the query API");
    }

    private static String createRule(int queryPort, String name, int forSeconds) throws Exception {
        Map<String, Object> rule = new LinkedHashMap<>(Map.of("metric", METRIC, "name", name,
                "expression", "max(value) > 100", "window_seconds", WINDOW_SECONDS, "for_seconds", forSeconds,
                "interval_seconds", 5, "severity", "critical"));
        rule.put("group_by", List.of("host"));
        rule.put("channels", List.of("webhook"));
        rule.put("annotations", Map.of("summary", name + ": max above 100"));
        // The window can be empty while the speed layer lags: that is no reason to clear a breach.
        rule.put("no_data", "keep");
        HttpResponse<String> created = postJson(queryPort, "/v1/alert-rules", LaunchedProduct.JSON.writeValueAsString(rule));
        assertEquals(201, created.statusCode(), created.body());
        return LaunchedProduct.JSON.readTree(created.body()).get("id").asText();
    }

    private static List<String> statuses(List<WebhookReceiver.Delivery> deliveries) {
        return deliveries.stream().map(WebhookReceiver.Delivery::status).toList();
    }

    /** Alertmanager's webhook payload (version 4), field by field, for one alert of the sustained rule. */
    private static void assertPayload(WebhookReceiver.Delivery delivery, String status, String ruleId, int queryPort) {
        assertEquals("POST", delivery.method());
        assertTrue(delivery.contentType().startsWith("application/json"), delivery.contentType());
        JsonNode body = delivery.body();
        Map<String, String> labels = Map.of("alertname", SUSTAINED, "host", "h1", "severity", "critical");
        assertEquals("4", body.get("version").asText(), body.toString());
        assertEquals(status, body.get("status").asText());
        assertEquals("webhook", body.get("receiver").asText());
        assertFalse(body.get("groupKey").asText().isEmpty(), body.toString());
        assertEquals(0, body.get("truncatedAlerts").asInt());
        assertEquals(LaunchedProduct.JSON.valueToTree(Map.of("alertname", SUSTAINED)), body.get("groupLabels"));
        assertEquals(LaunchedProduct.JSON.valueToTree(labels), body.get("commonLabels"));
        assertEquals(LaunchedProduct.JSON.valueToTree(Map.of("summary", SUSTAINED + ": max above 100")),
                body.get("commonAnnotations"));
        assertEquals("http://127.0.0.1:" + queryPort, body.get("externalURL").asText());
        assertEquals(1, body.get("alerts").size(), body.toString());
        JsonNode alert = body.get("alerts").get(0);
        assertEquals(status, alert.get("status").asText());
        assertEquals(LaunchedProduct.JSON.valueToTree(labels), alert.get("labels"));
        assertEquals(body.get("commonAnnotations"), alert.get("annotations"));
        assertEquals("http://127.0.0.1:" + queryPort + "/v1/alert-rules/" + ruleId, alert.get("generatorURL").asText());
        assertFalse(alert.get("fingerprint").asText().isEmpty());
        Instant startsAt = Instant.parse(alert.get("startsAt").asText());
        if (status.equals("firing")) {
            assertEquals("0001-01-01T00:00:00Z", alert.get("endsAt").asText(), "Alertmanager's zero time while firing");
        } else {
            assertTrue(Instant.parse(alert.get("endsAt").asText()).isAfter(startsAt), alert.toString());
        }
    }
}
