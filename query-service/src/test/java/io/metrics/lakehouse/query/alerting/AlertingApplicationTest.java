package io.metrics.lakehouse.query.alerting;

import static io.metrics.lakehouse.query.alerting.AlertingTestApplication.CLOCK;
import static io.metrics.lakehouse.query.alerting.AlertingTestApplication.DATA;
import static io.metrics.lakehouse.service.testing.TestHttp.fieldNames;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetup;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.DropwizardTestSupport;
import io.dropwizard.testing.ResourceHelpers;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.metrics.lakehouse.local.FreePorts;
import io.metrics.lakehouse.local.LocalStackExtension;
import io.metrics.lakehouse.local.StackEndpoints;
import io.metrics.lakehouse.query.QueryServiceConfiguration;
import jakarta.mail.internet.MimeMessage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Alerting end to end on the real stack: the service over HTTP, PostgreSQL state, a real SMTP server
 * (GreenMail) and local receivers for Slack, PagerDuty and the webhook. The evaluator reads a
 * scripted data source and every instant comes from a hand-moved clock, so transitions are exact.
 */
@ExtendWith({LocalStackExtension.class, DropwizardExtensionsSupport.class})
class AlertingApplicationTest {

    private static final StackEndpoints STACK = LocalStackExtension.endpoints();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final String CONFIG = ResourceHelpers.resourceFilePath("alerting-test.yml");
    private static final Duration INTERVAL = Duration.ofSeconds(15);

    private static final HttpReceiver SLACK = receiver("/services/T000/B000/XXXX", 200, body -> "ok");
    private static final HttpReceiver PAGERDUTY = receiver("/v2/enqueue", 202, body ->
            "{\"status\":\"success\",\"message\":\"Event processed\",\"dedup_key\":\"" + body.path("dedup_key").asText() + "\"}");
    private static final HttpReceiver WEBHOOK = receiver("/alertmanager-webhook", 200, body -> "");
    private static final int SMTP_PORT = FreePorts.next();
    private static final GreenMail SMTP = startSmtp();

    static final DropwizardAppExtension<QueryServiceConfiguration> APP = new DropwizardAppExtension<>(
            AlertingTestApplication.class, CONFIG, overrides("dw.", "replica-a"));

    @AfterAll
    static void stopReceivers() {
        SLACK.close();
        PAGERDUTY.close();
        WEBHOOK.close();
        SMTP.stop();
    }

    // ---------------------------------------------------------------- rules API

    @Test
    void rulesApiCreatesReadsUpdatesAndDeletes() throws Exception {
        String metric = "api.latency.p99." + suffix();
        HttpResponse<String> created = send("POST", "/v1/alert-rules", Map.of(
                "metric", metric, "name", "High p99 latency", "expression", "avg(value) > 500",
                "window_seconds", 300, "for_seconds", 120, "severity", "critical"));
        assertEquals(201, created.statusCode(), created.body());
        JsonNode body = JSON.readTree(created.body());
        assertEquals(List.of("id", "status"), fieldNames(body));
        assertEquals("active", body.get("status").asText());
        String id = body.get("id").asText();

        JsonNode rule = json(send("GET", "/v1/alert-rules/" + id, null), 200);
        assertEquals(List.of("id", "status", "metric", "name", "expression", "window_seconds", "for_seconds", "severity",
                "tag_filters", "group_by", "interval_seconds", "channels", "annotations", "no_data", "created_at",
                "updated_at"), fieldNames(rule));
        assertEquals(metric, rule.get("metric").asText());
        assertEquals("avg(value) > 500", rule.get("expression").asText());
        assertEquals(300, rule.get("window_seconds").asInt());
        assertEquals(120, rule.get("for_seconds").asInt());
        assertEquals(15, rule.get("interval_seconds").asInt(), "default interval");
        assertEquals("ok", rule.get("no_data").asText(), "default no-data policy");
        assertEquals(CLOCK.instant().toString(), rule.get("created_at").asText());

        Map<String, Object> update = new LinkedHashMap<>(Map.of(
                "metric", metric, "name", "High p99 latency (eu)", "expression", "p99(value) >= 0.5",
                "window_seconds", 60, "severity", "warning", "interval_seconds", 30, "no_data", "keep",
                "group_by", List.of("host"), "channels", List.of("slack"),
                "annotations", Map.of("summary", "p99 over 500 ms", "runbook_url", "https://runbooks.example/latency")));
        update.put("tag_filters", List.of(Map.of("tag", "region", "op", "=", "value", "eu-west-1"),
                Map.of("tag", "host", "op", "in", "values", List.of("web-01", "web-02")),
                Map.of("tag", "env", "op", "!~", "value", "dev.*")));
        JsonNode updated = json(send("PUT", "/v1/alert-rules/" + id, update), 200);
        assertEquals("High p99 latency (eu)", updated.get("name").asText());
        assertEquals("p99(value) >= 0.5", updated.get("expression").asText());
        assertEquals("[{\"tag\":\"region\",\"op\":\"=\",\"value\":\"eu-west-1\"},"
                + "{\"tag\":\"host\",\"op\":\"in\",\"values\":[\"web-01\",\"web-02\"]},"
                + "{\"tag\":\"env\",\"op\":\"!~\",\"value\":\"dev.*\"}]", updated.get("tag_filters").toString());
        assertEquals("[\"host\"]", updated.get("group_by").toString());
        assertEquals("[\"slack\"]", updated.get("channels").toString());
        assertEquals("keep", updated.get("no_data").asText());
        assertEquals("https://runbooks.example/latency", updated.get("annotations").get("runbook_url").asText());

        JsonNode list = json(send("GET", "/v1/alert-rules", null), 200);
        assertTrue(list.get("rules").toString().contains(id));

        assertEquals(204, send("DELETE", "/v1/alert-rules/" + id, null).statusCode());
        assertEquals(404, send("GET", "/v1/alert-rules/" + id, null).statusCode());
        assertEquals(404, send("DELETE", "/v1/alert-rules/" + id, null).statusCode());
    }

    @Test
    void badRulesAreRejectedWith400NamingTheProblem() throws Exception {
        JsonNode error = json(send("POST", "/v1/alert-rules", Map.of("metric", "m", "name", "n",
                "expression", "avg(value) >> 5", "severity", "critical")), 400);
        assertEquals("expression", error.get("field").asText());
        assertEquals(12, error.get("position").asInt());
        assertEquals("invalid expression: expected a number but found '>' at position 12", error.get("message").asText());

        error = json(send("POST", "/v1/alert-rules", Map.of("metric", "m", "name", "n",
                "expression", "avg(value) > 5", "severity", "urgent")), 400);
        assertEquals("severity must be one of [critical, warning, info], was 'urgent'", error.get("message").asText());

        error = json(send("POST", "/v1/alert-rules", Map.of("metric", "m", "name", "n",
                "expression", "avg(value) > 5", "severity", "info", "channels", List.of("sms"))), 400);
        assertEquals("channels", error.get("field").asText());
        assertTrue(error.get("message").asText().startsWith("unknown channel 'sms'"), error.toString());

        error = json(send("POST", "/v1/alert-rules", Map.of("name", "n", "expression", "avg(value) > 5",
                "severity", "info")), 400);
        assertEquals("metric is required", error.get("message").asText());

        error = json(send("POST", "/v1/alert-rules", Map.of("metric", "m", "name", "n", "expression", "avg(value) > 5",
                "severity", "info", "window_seconds", 0)), 400);
        assertEquals("window_seconds must be between 1 and 604800, was 0", error.get("message").asText());

        assertEquals(400, send("GET", "/v1/alert-rules/not-a-uuid", null).statusCode());
        assertEquals(400, send("GET", "/v1/alert-events?status=pending", null).statusCode());
        assertEquals(400, send("GET", "/v1/alert-events?since=yesterday", null).statusCode());
    }

    // ---------------------------------------------------------------- transitions

    @Test
    void breachShorterThanForDoesNotPageAPersistingOnePagesOnceAndResolvesOnce() throws Exception {
        String name = "Latency " + suffix();
        String metric = "api.latency." + suffix();
        Map<String, String> host = Map.of("host", "web-01");
        String id = createRule(Map.of("metric", metric, "name", name, "expression", "avg(value) > 500",
                "for_seconds", 60, "severity", "warning", "group_by", List.of("host"), "channels", List.of("webhook"),
                "annotations", Map.of("summary", "latency high", "runbook_url", "https://runbooks.example/latency")));

        // A 30-second breach (t0..t30) under for_seconds=60: pending, then cleared, no page.
        for (double value : new double[] {600, 600, 600, 400}) {
            DATA.set(metric, host, value);
            step();
        }
        assertEquals(0, WEBHOOK.mentioning(name).size());
        assertEquals("[]", events("rule_id=" + id).toString());

        // A persisting breach: pending at t60, still pending at t105, fires at t120 (60 s later).
        Instant pendingSince = null;
        for (int i = 0; i < 4; i++) {
            DATA.set(metric, host, 600);
            Instant at = step();
            pendingSince = pendingSince == null ? at : pendingSince;
        }
        assertEquals(0, WEBHOOK.mentioning(name).size(), "still pending after 45 s");
        Instant firedAt = step();
        assertEquals(Duration.ofSeconds(60), Duration.between(pendingSince, firedAt));
        assertEquals(1, WEBHOOK.mentioning(name).size());
        step();
        step();
        assertEquals(1, WEBHOOK.mentioning(name).size(), "no page again while it keeps firing");

        JsonNode firing = events("status=firing&rule_id=" + id);
        assertEquals(1, firing.size());
        JsonNode event = firing.get(0);
        assertEquals(List.of("id", "rule_id", "rule_name", "status", "severity", "fingerprint", "labels", "annotations",
                "values", "resolve_values", "pending_since", "fired_at", "resolved_at"), fieldNames(event));
        assertEquals(id, event.get("rule_id").asText());
        assertEquals("firing", event.get("status").asText());
        assertEquals("{\"alertname\":\"" + name + "\",\"host\":\"web-01\",\"severity\":\"warning\"}",
                event.get("labels").toString());
        assertEquals("{\"avg(value)\":600.0}", event.get("values").toString());
        assertEquals(pendingSince.toString(), event.get("pending_since").asText());
        assertEquals(firedAt.toString(), event.get("fired_at").asText());
        assertTrue(event.get("resolved_at").isNull());

        DATA.set(metric, host, 420);
        Instant resolvedAt = step();
        step();
        List<HttpReceiver.Request> requests = WEBHOOK.mentioning(name);
        assertEquals(2, requests.size(), "one page, one resolve");

        JsonNode page = requests.get(0).body();
        assertEquals("application/json", requests.get(0).contentType());
        assertEquals("POST", requests.get(0).method());
        assertEquals(List.of("version", "groupKey", "truncatedAlerts", "status", "receiver", "groupLabels", "commonLabels",
                "commonAnnotations", "externalURL", "alerts"), fieldNames(page));
        assertEquals("4", page.get("version").asText());
        assertEquals("rule/webhook:{alertname=\"" + name + "\"}", page.get("groupKey").asText());
        assertEquals(0, page.get("truncatedAlerts").asInt());
        assertEquals("firing", page.get("status").asText());
        assertEquals("webhook", page.get("receiver").asText());
        assertEquals("{\"alertname\":\"" + name + "\"}", page.get("groupLabels").toString());
        assertEquals("{\"alertname\":\"" + name + "\",\"host\":\"web-01\",\"severity\":\"warning\"}",
                page.get("commonLabels").toString());
        assertEquals("{\"runbook_url\":\"https://runbooks.example/latency\",\"summary\":\"latency high\"}",
                page.get("commonAnnotations").toString());
        assertEquals("http://127.0.0.1:8082", page.get("externalURL").asText());
        JsonNode alert = page.get("alerts").get(0);
        assertEquals(List.of("status", "labels", "annotations", "startsAt", "endsAt", "generatorURL", "fingerprint"),
                fieldNames(alert));
        assertEquals("firing", alert.get("status").asText());
        assertEquals(firedAt.toString(), alert.get("startsAt").asText());
        assertEquals("0001-01-01T00:00:00Z", alert.get("endsAt").asText());
        assertEquals("http://127.0.0.1:8082/v1/alert-rules/" + id, alert.get("generatorURL").asText());
        assertTrue(alert.get("fingerprint").asText().matches("[0-9a-f]{16}"), alert.toString());

        JsonNode resolve = requests.get(1).body();
        assertEquals("resolved", resolve.get("status").asText());
        JsonNode resolved = resolve.get("alerts").get(0);
        assertEquals("resolved", resolved.get("status").asText());
        assertEquals(firedAt.toString(), resolved.get("startsAt").asText());
        assertEquals(resolvedAt.toString(), resolved.get("endsAt").asText());
        assertEquals(alert.get("fingerprint"), resolved.get("fingerprint"));

        JsonNode closed = events("status=resolved&rule_id=" + id).get(0);
        assertEquals(event.get("id"), closed.get("id"));
        assertEquals(resolvedAt.toString(), closed.get("resolved_at").asText());
        assertEquals("{\"avg(value)\":420.0}", closed.get("resolve_values").toString());
    }

    @Test
    void flappingAroundTheThresholdDoesNotPage() throws Exception {
        String name = "Flapping " + suffix();
        String metric = "queue.depth." + suffix();
        String id = createRule(Map.of("metric", metric, "name", name, "expression", "max(value) >= 100",
                "for_seconds", 45, "severity", "critical", "channels", List.of("webhook")));
        for (int i = 0; i < 12; i++) {
            DATA.set(metric, Map.of(), i % 3 == 2 ? 99 : 150);   // breaching for 30 s, then one clear evaluation
            step();
        }
        assertEquals(0, WEBHOOK.mentioning(name).size());
        assertEquals("[]", events("rule_id=" + id).toString());
    }

    @Test
    void noDataPolicyAlertingFiresAndOkResolves() throws Exception {
        String name = "Heartbeat " + suffix();
        String metric = "heartbeat." + suffix();
        String id = createRule(Map.of("metric", metric, "name", name, "expression", "count(value) < 1",
                "severity", "warning", "no_data", "alerting", "channels", List.of("webhook")));
        step();
        JsonNode event = events("status=firing&rule_id=" + id).get(0);
        assertEquals("{\"alertname\":\"" + name + "\",\"severity\":\"warning\"}", event.get("labels").toString());
        assertEquals("{\"count(value)\":null}", event.get("values").toString());
        DATA.set(metric, Map.of(), 5);
        step();
        assertEquals(1, events("status=resolved&rule_id=" + id).size());
        assertEquals(2, WEBHOOK.mentioning(name).size());
    }

    // ---------------------------------------------------------------- routing, silences, inhibition, grouping

    @Test
    void aSilenceSuppressesThePageAndItsResolve() throws Exception {
        String name = "Silenced " + suffix();
        String metric = "disk.used." + suffix();
        HttpResponse<String> silence = send("POST", "/v1/silences", Map.of(
                "matchers", List.of(Map.of("name", "alertname", "value", name), Map.of("name", "host", "value", "db-.*", "isRegex", true)),
                "starts_at", CLOCK.instant().toString(), "ends_at", CLOCK.instant().plus(Duration.ofMinutes(1)).toString(),
                "created_by", "oncall", "comment", "maintenance"));
        assertEquals(201, silence.statusCode(), silence.body());
        String silenceId = JSON.readTree(silence.body()).get("id").asText();
        JsonNode view = json(send("GET", "/v1/silences/" + silenceId, null), 200);
        assertEquals("active", view.get("state").asText());
        assertEquals("[{\"name\":\"alertname\",\"value\":\"" + name + "\",\"isRegex\":false,\"isEqual\":true},"
                + "{\"name\":\"host\",\"value\":\"db-.*\",\"isRegex\":true,\"isEqual\":true}]", view.get("matchers").toString());

        String id = createRule(Map.of("metric", metric, "name", name, "expression", "last(value) > 0.9",
                "severity", "critical", "group_by", List.of("host"), "channels", List.of("webhook")));
        DATA.set(metric, Map.of("host", "db-1"), 0.95);
        step();
        assertEquals(1, events("status=firing&rule_id=" + id).size(), "the alert fires, recorded");
        assertEquals(0, WEBHOOK.mentioning(name).size(), "but the page is silenced");

        assertEquals(204, send("DELETE", "/v1/silences/" + silenceId, null).statusCode());
        assertEquals("expired", json(send("GET", "/v1/silences/" + silenceId, null), 200).get("state").asText());
        DATA.set(metric, Map.of("host", "db-1"), 0.5);
        step();
        assertEquals(0, WEBHOOK.mentioning(name).size(), "no resolve for a page that was never sent");

        DATA.set(metric, Map.of("host", "db-1"), 0.99);
        step();
        assertEquals(1, WEBHOOK.mentioning(name).size(), "after the silence, pages go out again");

        JsonNode bad = json(send("POST", "/v1/silences", Map.of("matchers", List.of(Map.of("name", "host", "value", "(",
                "isRegex", true)), "ends_at", "2099-01-01T00:00:00Z", "created_by", "me")), 400);
        assertTrue(bad.get("message").asText().startsWith("matcher 'host': invalid regular expression"), bad.toString());
    }

    @Test
    void aFiringCriticalAlertInhibitsWarningsOfTheSameRegion() throws Exception {
        String suffix = suffix();
        String regionDown = "Region down " + suffix;
        String errors = "Error rate " + suffix;
        String metricA = "region.up." + suffix;
        String metricB = "errors." + suffix;
        createRule(Map.of("metric", metricA, "name", regionDown, "expression", "last(value) < 1", "severity", "critical",
                "group_by", List.of("region"), "channels", List.of("webhook")));
        createRule(Map.of("metric", metricB, "name", errors, "expression", "rate(value) > 10", "severity", "warning",
                "group_by", List.of("region", "service"), "channels", List.of("webhook")));
        DATA.set(metricA, Map.of("region", "eu-west-1"), 0);
        DATA.set(metricB, Map.of("region", "eu-west-1", "service", "api"), 50);
        DATA.set(metricB, Map.of("region", "us-east-1", "service", "api"), 50);
        step();
        assertEquals(1, WEBHOOK.mentioning(regionDown).size());
        List<HttpReceiver.Request> errorPages = WEBHOOK.mentioning(errors);
        assertEquals(1, errorPages.size(), "only the other region's warning pages");
        assertEquals("us-east-1", errorPages.get(0).body().get("alerts").get(0).get("labels").get("region").asText());
    }

    @Test
    void groupingSendsOneDigestForAStorm() throws Exception {
        String name = "Storm " + suffix();
        String metric = "http.5xx." + suffix();
        createRule(Map.of("metric", metric, "name", name, "expression", "sum(value) > 0", "severity", "warning",
                "group_by", List.of("service", "team")));
        for (int i = 0; i < 6; i++) {
            DATA.set(metric, Map.of("service", "svc-" + i, "team", "storm"), 3);
        }
        step();
        step();
        assertEquals(0, WEBHOOK.mentioning(name).size(), "group_wait (30 s) collects the storm");
        step();
        List<HttpReceiver.Request> digests = WEBHOOK.mentioning(name);
        assertEquals(1, digests.size());
        JsonNode digest = digests.get(0).body();
        assertEquals(6, digest.get("alerts").size());
        assertEquals("storms/webhook:{alertname=\"" + name + "\"}", digest.get("groupKey").asText());
        assertEquals("{\"alertname\":\"" + name + "\",\"severity\":\"warning\",\"team\":\"storm\"}",
                digest.get("commonLabels").toString());
        step();
        assertEquals(1, WEBHOOK.mentioning(name).size());
    }

    // ---------------------------------------------------------------- channels

    @Test
    void slackPagerDutyAndEmailReceiveThePageAndTheResolve() throws Exception {
        String name = "DB p99 " + suffix();
        String metric = "db.latency." + suffix();
        String id = createRule(Map.of("metric", metric, "name", name, "expression", "p99(value) > 0.5",
                "severity", "critical", "group_by", List.of("host"), "channels", List.of("slack", "pagerduty", "email"),
                "annotations", Map.of("summary", "db slow", "runbook_url", "https://runbooks.example/db")));
        DATA.set(metric, Map.of("host", "db-1"), 0.75);
        Instant firedAt = step();
        DATA.set(metric, Map.of("host", "db-1"), 0.25);
        Instant resolvedAt = step();

        String line = "[firing] " + name + " {host=db-1, severity=critical} p99(value)=0.75: db slow "
                + "(runbook: https://runbooks.example/db) since " + firedAt;
        List<HttpReceiver.Request> slack = SLACK.mentioning(name);
        assertEquals(2, slack.size());
        assertEquals(List.of("text"), fieldNames(slack.get(0).body()));
        assertEquals("*[FIRING:1] " + name + "*\n:red_circle: " + line, slack.get(0).body().get("text").asText());
        assertEquals("*[RESOLVED] " + name + "*\n:large_green_circle: [resolved] " + name
                + " {host=db-1, severity=critical} p99(value)=0.25: db slow (runbook: https://runbooks.example/db) since "
                + firedAt + " until " + resolvedAt, slack.get(1).body().get("text").asText());

        List<HttpReceiver.Request> pd = PAGERDUTY.requests().stream()
                .filter(r -> r.body().path("payload").path("summary").asText().contains(name)
                        || r.body().path("event_action").asText().equals("resolve"))
                .toList();
        JsonNode trigger = pd.stream().filter(r -> r.body().get("event_action").asText().equals("trigger"))
                .findFirst().orElseThrow().body();
        assertEquals(List.of("routing_key", "event_action", "dedup_key", "payload", "client", "client_url"), fieldNames(trigger));
        assertEquals("R0UT1NGKEY0123456789ABCDEFGHIJKL", trigger.get("routing_key").asText());
        String dedupKey = trigger.get("dedup_key").asText();
        assertTrue(dedupKey.matches("metrics-lakehouse/[0-9a-f]{16}"), dedupKey);
        JsonNode payload = trigger.get("payload");
        assertEquals(List.of("summary", "source", "severity", "timestamp", "group", "custom_details"), fieldNames(payload));
        assertEquals("[FIRING:1] " + name + ": db slow", payload.get("summary").asText());
        assertEquals("query-service-test", payload.get("source").asText());
        assertEquals("critical", payload.get("severity").asText());
        assertEquals(firedAt.toString(), payload.get("timestamp").asText());
        assertEquals("rule/pagerduty:{alertname=\"" + name + "\"}", payload.get("group").asText());
        assertEquals("[\"" + line.replace("\"", "\\\"") + "\"]", payload.get("custom_details").get("firing").toString());
        assertEquals(1, payload.get("custom_details").get("num_firing").asInt());
        JsonNode resolve = pd.stream().map(HttpReceiver.Request::body)
                .filter(b -> b.get("event_action").asText().equals("resolve") && b.get("dedup_key").asText().equals(dedupKey))
                .findFirst().orElseThrow();
        assertEquals(List.of("routing_key", "event_action", "dedup_key"), fieldNames(resolve));
        assertEquals(2, PAGERDUTY.requests().stream().filter(r -> r.body().get("dedup_key").asText().equals(dedupKey)).count());

        List<MimeMessage> mails = new ArrayList<>();
        for (MimeMessage message : SMTP.getReceivedMessages()) {
            if (message.getSubject().contains(name)) {
                mails.add(message);
            }
        }
        assertEquals(2, mails.size());
        assertEquals("[FIRING:1] " + name, mails.get(0).getSubject());
        assertEquals("alerts@metrics.test", mails.get(0).getFrom()[0].toString());
        assertEquals("oncall@metrics.test", mails.get(0).getAllRecipients()[0].toString());
        assertEquals(line + "\n\nAlert events: http://127.0.0.1:8082/v1/alert-events?status=firing",
                GreenMailUtil.getBody(mails.get(0)).replace("\r\n", "\n").strip());
        assertEquals("[RESOLVED] " + name, mails.get(1).getSubject());
        assertEquals(1, events("status=resolved&rule_id=" + id).size());
    }

    @Test
    void aFailedDeliveryIsRetriedAfterBackoffAndDeliveredOnce() throws Exception {
        String name = "Retry " + suffix();
        String metric = "cpu." + suffix();
        createRule(Map.of("metric", metric, "name", name, "expression", "avg(value) > 0.9", "severity", "info",
                "channels", List.of("webhook")));
        DATA.set(metric, Map.of(), 0.95);
        WEBHOOK.failNext(1, 503);
        evaluateAndDispatch(mainAlerting());
        assertEquals(1, WEBHOOK.mentioning(name).size(), "first attempt, answered 503");
        mainAlerting().dispatcher().runOnce();
        assertEquals(1, WEBHOOK.mentioning(name).size(), "backoff: not retried before 10 s");
        CLOCK.advance(Duration.ofSeconds(10));
        mainAlerting().dispatcher().runOnce();
        mainAlerting().dispatcher().runOnce();
        List<HttpReceiver.Request> attempts = WEBHOOK.mentioning(name);
        assertEquals(2, attempts.size(), "retried once, then delivered");
        assertEquals(attempts.get(0).body(), attempts.get(1).body());
    }

    // ---------------------------------------------------------------- replicas and restarts

    @Test
    void twoEvaluatorReplicasEvaluateEachRuleOnceAndPageOnce() throws Exception {
        DropwizardTestSupport<QueryServiceConfiguration> second = start("dw-b.", "replica-b");
        try {
            String prefix = "Replica " + suffix() + " #";
            List<String> metrics = new ArrayList<>();
            for (int i = 0; i < 24; i++) {
                String metric = "replicas." + suffix();
                metrics.add(metric);
                createRule(Map.of("metric", metric, "name", prefix + i, "expression", "avg(value) > 1", "severity", "info",
                        "channels", List.of("webhook")));
                DATA.set(metric, Map.of(), 2);
            }
            AlertingModule a = mainAlerting();
            AlertingModule b = ((AlertingTestApplication) second.getApplication()).alerting();
            CompletableFuture<Integer> evalA = CompletableFuture.supplyAsync(() -> a.evaluator().runOnce());
            CompletableFuture<Integer> evalB = CompletableFuture.supplyAsync(() -> b.evaluator().runOnce());
            evalA.get();
            evalB.get();
            for (String metric : metrics) {
                assertEquals(1, DATA.calls(metric), "each rule evaluated by exactly one replica");
            }
            CompletableFuture<Integer> sendA = CompletableFuture.supplyAsync(() -> a.dispatcher().runOnce());
            CompletableFuture<Integer> sendB = CompletableFuture.supplyAsync(() -> b.dispatcher().runOnce());
            sendA.get();
            sendB.get();
            for (int i = 0; i < 24; i++) {
                assertEquals(1, WEBHOOK.mentioning(prefix + i + "\"").size(), "one page for rule " + i);
            }
        } finally {
            second.after();
        }
    }

    @Test
    void restartsWhilePendingAndWhileFiringLoseNoTransitionAndDuplicateNoPage() throws Exception {
        String name = "Restart " + suffix();
        String metric = "restart." + suffix();
        String id = createRule(Map.of("metric", metric, "name", name, "expression", "avg(value) > 10",
                "for_seconds", 60, "severity", "warning", "channels", List.of("webhook")));
        DATA.set(metric, Map.of(), 20);

        DropwizardTestSupport<QueryServiceConfiguration> first = start("dw-r1.", "restart-1");
        Instant pendingSince = CLOCK.instant();
        evaluate(first);                       // pending
        CLOCK.advance(Duration.ofSeconds(30));
        evaluate(first);                       // pending, 30 s
        first.after();                         // stopped while pending

        DropwizardTestSupport<QueryServiceConfiguration> second = start("dw-r2.", "restart-2");
        CLOCK.advance(Duration.ofSeconds(30));
        evaluate(second);                      // the timer survived: fires at 60 s
        second.after();                        // stopped while firing, before dispatching
        JsonNode event = events("status=firing&rule_id=" + id).get(0);
        assertEquals(pendingSince.toString(), event.get("pending_since").asText());
        assertEquals(pendingSince.plusSeconds(60).toString(), event.get("fired_at").asText());
        assertEquals(0, WEBHOOK.mentioning(name).size());

        DropwizardTestSupport<QueryServiceConfiguration> third = start("dw-r3.", "restart-3");
        try {
            AlertingModule alerting = ((AlertingTestApplication) third.getApplication()).alerting();
            alerting.dispatcher().runOnce();    // the outbox row written with the transition is delivered
            CLOCK.advance(INTERVAL);
            evaluate(third);                    // still firing after the restart: no new event
            alerting.dispatcher().runOnce();
            assertEquals(1, WEBHOOK.mentioning(name).size());
            assertEquals(1, events("rule_id=" + id).size());

            DATA.set(metric, Map.of(), 5);
            CLOCK.advance(INTERVAL);
            evaluate(third);
            alerting.dispatcher().runOnce();
            alerting.dispatcher().runOnce();
            List<HttpReceiver.Request> requests = WEBHOOK.mentioning(name);
            assertEquals(List.of("firing", "resolved"), requests.stream().map(r -> r.body().get("status").asText()).toList());
        } finally {
            third.after();
        }
    }

    @Test
    void evaluatorMetricsAreOnThePrometheusEndpoint() throws Exception {
        step();
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + APP.getAdminPort() + "/metrics/prometheus")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        for (String metric : List.of("alerting_evaluator_cycle", "alerting_evaluator_lag_ms",
                "alerting_evaluator_rules_evaluated_total", "alerting_notifications_sent_total")) {
            assertTrue(response.body().contains(metric), metric);
        }
    }

    // ---------------------------------------------------------------- helpers

    /** Moves the clock one interval (15 s), evaluates and dispatches; returns the evaluation instant. */
    private static Instant step() {
        Instant at = CLOCK.advance(INTERVAL);
        evaluateAndDispatch(mainAlerting());
        return at;
    }

    private static void evaluateAndDispatch(AlertingModule alerting) {
        alerting.evaluator().runOnce();
        alerting.dispatcher().runOnce();
    }

    private static void evaluate(DropwizardTestSupport<QueryServiceConfiguration> app) {
        ((AlertingTestApplication) app.getApplication()).alerting().evaluator().runOnce();
    }

    private static String createRule(Map<String, Object> rule) throws Exception {
        HttpResponse<String> response = send("POST", "/v1/alert-rules", rule);
        assertEquals(201, response.statusCode(), response.body());
        return JSON.readTree(response.body()).get("id").asText();
    }

    private static JsonNode events(String query) throws Exception {
        return json(send("GET", "/v1/alert-events?" + query.replace(" ", "%20"), null), 200).get("events");
    }

    private static HttpResponse<String> send(String method, String path, Object body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + APP.getLocalPort() + path))
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response, int status) throws Exception {
        assertEquals(status, response.statusCode(), response.body());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        return JSON.readTree(response.body());
    }

    private static String suffix() {
        return UUID.randomUUID().toString().substring(0, 8);
    }

    private static DropwizardTestSupport<QueryServiceConfiguration> start(String prefix, String owner) throws Exception {
        DropwizardTestSupport<QueryServiceConfiguration> support = new DropwizardTestSupport<>(
                AlertingTestApplication.class, CONFIG, prefix, overrides(prefix, owner));
        support.before();
        return support;
    }

    private static ConfigOverride[] overrides(String prefix, String owner) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("trino.jdbcUrl", STACK.trinoJdbcUrl());
        values.put("trino.user", STACK.trinoUser());
        values.put("database.url", STACK.jdbcUrl(StackEndpoints.CONTROL_PLANE_DATABASE));
        values.put("database.user", STACK.postgresUser());
        values.put("database.password", STACK.postgresPassword());
        values.put("alerting.evaluator.owner", owner);
        values.put("alerting.channels.slack.url", SLACK.url("/services/T000/B000/XXXX"));
        values.put("alerting.channels.pagerduty.url", PAGERDUTY.url("/v2/enqueue"));
        values.put("alerting.channels.webhook.url", WEBHOOK.url("/alertmanager-webhook"));
        values.put("alerting.channels.email.port", String.valueOf(SMTP_PORT));
        List<ConfigOverride> overrides = new ArrayList<>();
        overrides.add(ConfigOverride.randomPorts(prefix));
        values.forEach((key, value) -> overrides.add(ConfigOverride.config(prefix, key, value)));
        return overrides.toArray(new ConfigOverride[0]);
    }

    private static HttpReceiver receiver(String path, int status, java.util.function.Function<JsonNode, String> answer) {
        try {
            return new HttpReceiver(path, status, answer);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static GreenMail startSmtp() {
        GreenMail mail = new GreenMail(new ServerSetup(SMTP_PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        mail.start();
        return mail;
    }

    private static AlertingModule mainAlerting() {
        return ((AlertingTestApplication) APP.getApplication()).alerting();
    }
}
