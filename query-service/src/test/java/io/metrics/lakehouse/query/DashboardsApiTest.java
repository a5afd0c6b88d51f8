package io.metrics.lakehouse.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.dropwizard.testing.DropwizardTestSupport;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.metrics.lakehouse.local.LocalStackExtension;
import io.metrics.lakehouse.service.auth.BearerTokenAuthenticator;
import io.metrics.lakehouse.service.testing.TestHttp;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code /v1/dashboards} and the page's routes against the real stack's PostgreSQL. */
@ExtendWith({LocalStackExtension.class, DropwizardExtensionsSupport.class})
class DashboardsApiTest {

    static final DropwizardAppExtension<QueryServiceConfiguration> APP = new DropwizardAppExtension<>(
            QueryServiceApplication.class, "config/local.yml", QueryApiTest.overrides("dw.", Map.of()));

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static final String FULL = """
            {"name":"API latency","panels":[
              {"title":"p99 by host","metric":"api.latency.p99","tags":["region:us-east-1","host!~:db-.*"],
               "group_by":["host"],"agg":"max","step":"1m"},
              {"title":"requests","metric":"api.requests","tags":["region:(us-east-1|eu-west-1)"],"group_by":[],
               "agg":"rate"}],
             "time_range":{"from":"now-6h","to":"now"},"refresh":"30s"}""";

    /** FULL as stored: the step in the API's canonical form, no step where none was given. */
    private static final String FULL_STORED = "{\"name\":\"API latency\",\"panels\":["
            + "{\"title\":\"p99 by host\",\"metric\":\"api.latency.p99\",\"tags\":[\"region:us-east-1\",\"host!~:db-.*\"],"
            + "\"group_by\":[\"host\"],\"agg\":\"max\",\"step\":\"60s\"},"
            + "{\"title\":\"requests\",\"metric\":\"api.requests\",\"tags\":[\"region:(us-east-1|eu-west-1)\"],"
            + "\"group_by\":[],\"agg\":\"rate\"}],"
            + "\"time_range\":{\"from\":\"now-6h\",\"to\":\"now\"},\"refresh\":\"30s\"}";

    static HttpResponse<String> call(int port, String method, String path, String body, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> call(String method, String path, String body) throws Exception {
        return call(APP.getLocalPort(), method, path, body, null);
    }

    /** POSTs a dashboard, expects 201, returns the body. */
    static JsonNode create(int port, String body) throws Exception {
        HttpResponse<String> response = call(port, "POST", "/v1/dashboards", body, null);
        assertEquals(201, response.statusCode(), response.body());
        return TestHttp.json(response);
    }

    /** The dashboard without the server's fields (id, timestamps). */
    private static String content(JsonNode dashboard) {
        ObjectNode copy = dashboard.deepCopy();
        copy.remove(List.of("id", "created_at", "updated_at"));
        return copy.toString();
    }

    @Test
    void createAnswers201WithLocationTheNormalizedDashboardAndItsServerFields() throws Exception {
        Instant before = Instant.now().minusSeconds(5);
        HttpResponse<String> response = call("POST", "/v1/dashboards", FULL);

        assertEquals(201, response.statusCode(), response.body());
        JsonNode body = TestHttp.json(response);
        assertEquals(List.of("id", "name", "panels", "time_range", "refresh", "created_at", "updated_at"),
                TestHttp.fieldNames(body));
        String id = body.get("id").asText();
        assertEquals(id, UUID.fromString(id).toString());
        assertEquals("http://127.0.0.1:" + APP.getLocalPort() + "/v1/dashboards/" + id,
                response.headers().firstValue("Location").orElseThrow());
        assertEquals(FULL_STORED, content(body));
        Instant created = Instant.parse(body.get("created_at").asText());
        assertTrue(created.isAfter(before) && created.isBefore(Instant.now().plusSeconds(5)), created.toString());
        assertEquals(body.get("created_at"), body.get("updated_at"));
    }

    @Test
    void absentOptionalFieldsGetTheirDefaults() throws Exception {
        JsonNode body = create(APP.getLocalPort(), "{\"name\":\"  Minimal  \",\"panels\":[{\"metric\":\"cpu.load\"}]}");

        assertEquals("{\"name\":\"Minimal\",\"panels\":[{\"title\":\"cpu.load\",\"metric\":\"cpu.load\",\"tags\":[],"
                + "\"group_by\":[],\"agg\":\"avg\"}],\"time_range\":{\"from\":\"now-1h\",\"to\":\"now\"},\"refresh\":\"off\"}",
                content(body));
        JsonNode empty = create(APP.getLocalPort(), "{\"name\":\"Empty\",\"panels\":[]}");
        assertEquals("{\"name\":\"Empty\",\"panels\":[],\"time_range\":{\"from\":\"now-1h\",\"to\":\"now\"},"
                + "\"refresh\":\"off\"}", content(empty));
    }

    @Test
    void getAnswersTheSavedDashboardAndListOrdersByNameCaseInsensitively() throws Exception {
        String tag = UUID.randomUUID().toString().substring(0, 8);
        JsonNode beta = create(APP.getLocalPort(), "{\"name\":\"beta " + tag + "\",\"panels\":[]}");
        JsonNode alpha = create(APP.getLocalPort(), "{\"name\":\"Alpha " + tag + "\",\"panels\":[]}");
        JsonNode full = create(APP.getLocalPort(), FULL.replace("API latency", "gamma " + tag));

        HttpResponse<String> got = call("GET", "/v1/dashboards/" + full.get("id").asText(), null);
        assertEquals(200, got.statusCode(), got.body());
        assertEquals(full, TestHttp.json(got));

        HttpResponse<String> listed = call("GET", "/v1/dashboards", null);
        assertEquals(200, listed.statusCode(), listed.body());
        JsonNode all = TestHttp.json(listed);
        assertEquals(List.of("dashboards"), TestHttp.fieldNames(all));
        List<JsonNode> ours = new ArrayList<>();
        all.get("dashboards").forEach(d -> {
            if (d.get("name").asText().endsWith(tag)) {
                ours.add(d);
            }
        });
        assertEquals(List.of(alpha, beta, full), ours);
    }

    @Test
    void putReplacesTheDashboardKeepsIdAndCreatedAtAndAcceptsWhatGetGave() throws Exception {
        JsonNode created = create(APP.getLocalPort(), FULL);
        String id = created.get("id").asText();
        ObjectNode changed = created.deepCopy();
        changed.put("name", "API latency (EU)");
        changed.put("refresh", "1m");
        ((ObjectNode) changed.get("time_range")).put("from", "2024-01-15T09:00:00Z").put("to", "2024-01-15T10:00:00Z");
        ((com.fasterxml.jackson.databind.node.ArrayNode) changed.get("panels")).remove(0);

        HttpResponse<String> response = call("PUT", "/v1/dashboards/" + id, changed.toString());

        assertEquals(200, response.statusCode(), response.body());
        JsonNode updated = TestHttp.json(response);
        assertEquals(id, updated.get("id").asText());
        assertEquals(created.get("created_at"), updated.get("created_at"));
        assertTrue(Instant.parse(updated.get("updated_at").asText()).isAfter(Instant.parse(created.get("created_at").asText())));
        assertEquals("{\"name\":\"API latency (EU)\",\"panels\":[{\"title\":\"requests\",\"metric\":\"api.requests\","
                + "\"tags\":[\"region:(us-east-1|eu-west-1)\"],\"group_by\":[],\"agg\":\"rate\"}],"
                + "\"time_range\":{\"from\":\"2024-01-15T09:00:00Z\",\"to\":\"2024-01-15T10:00:00Z\"},\"refresh\":\"1m\"}",
                content(updated));
        assertEquals(updated, TestHttp.json(call("GET", "/v1/dashboards/" + id, null)));
    }

    @Test
    void deleteAnswers204ThenTheDashboardIsGone() throws Exception {
        String id = create(APP.getLocalPort(), FULL).get("id").asText();

        HttpResponse<String> deleted = call("DELETE", "/v1/dashboards/" + id, null);

        assertEquals(204, deleted.statusCode(), deleted.body());
        assertEquals("", deleted.body());
        assertNotFound(call("GET", "/v1/dashboards/" + id, null), id);
        assertNotFound(call("DELETE", "/v1/dashboards/" + id, null), id);
        assertNotFound(call("PUT", "/v1/dashboards/" + id, FULL), id);
        for (JsonNode d : TestHttp.json(call("GET", "/v1/dashboards", null)).get("dashboards")) {
            assertNotEquals(id, d.get("id").asText());
        }
    }

    @Test
    void unknownAndMalformedIdsAre404() throws Exception {
        String unknown = UUID.randomUUID().toString();
        assertNotFound(call("GET", "/v1/dashboards/" + unknown, null), unknown);
        assertNotFound(call("PUT", "/v1/dashboards/" + unknown, FULL), unknown);
        assertNotFound(call("DELETE", "/v1/dashboards/" + unknown, null), unknown);
        assertNotFound(call("GET", "/v1/dashboards/not-a-uuid", null), "not-a-uuid");
        assertNotFound(call("GET", "/v1/dashboards/1-2-3-4-5", null), "1-2-3-4-5");
    }

    private static void assertNotFound(HttpResponse<String> response, String id) throws Exception {
        assertEquals(404, response.statusCode(), response.body());
        assertEquals("{\"code\":404,\"message\":\"no dashboard with id " + id + "\"}", response.body());
    }

    @Test
    void invalidDashboardsAre400NamingTheFieldAndAreNotStored() throws Exception {
        int before = TestHttp.json(call("GET", "/v1/dashboards", null)).get("dashboards").size();
        String p = "{\"name\":\"x\",\"panels\":[{\"metric\":\"ok.metric\"},%s]}";
        Map<String, String> cases = new java.util.LinkedHashMap<>();
        cases.put("{\"panels\":[]}", "name|name is required");
        cases.put("{\"name\":\"   \",\"panels\":[]}", "name|name is required");
        cases.put("{\"name\":\"" + "n".repeat(201) + "\",\"panels\":[]}",
                "name|name must be at most 200 characters without control characters");
        cases.put("{\"name\":\"x\"}", "panels|panels is required (a list, may be empty)");
        cases.put(p.formatted("{\"title\":\"t\"}"), "panels[1].metric|panels[1].metric: metric is required");
        cases.put(p.formatted("{\"metric\":\"bad metric;\"}"), "panels[1].metric|panels[1].metric: metric is required"
                + " and must match [a-zA-Z_:][a-zA-Z0-9_.:-]{0,254}");
        cases.put(p.formatted("{\"metric\":\"m\",\"tags\":[\"host\"]}"), "panels[1].tags|panels[1].tags: tag filter"
                + " must be key:value, key!:value, key~:regex, key!~:regex or key:(a|b|c), with a key matching"
                + " [a-zA-Z_][a-zA-Z0-9_.-]{0,127}");
        cases.put(p.formatted("{\"metric\":\"m\",\"tags\":[\"host:x' OR '1'='1\"]}"), "panels[1].tags|panels[1].tags:"
                + " tag value of 'host' must be 1-256 characters without control characters, quotes, semicolons, -- or /*");
        cases.put(p.formatted("{\"metric\":\"m\",\"tags\":[\"\"]}"), "panels[1].tags|panels[1].tags must not contain"
                + " empty entries");
        cases.put(p.formatted("{\"metric\":\"m\",\"group_by\":[\"bad key\"]}"), "panels[1].group_by|panels[1].group_by:"
                + " tag key must match [a-zA-Z_][a-zA-Z0-9_.-]{0,127}");
        cases.put(p.formatted("{\"metric\":\"m\",\"agg\":\"median\"}"), "panels[1].agg|panels[1].agg: agg must be one"
                + " of avg, sum, min, max, count, last, rate, increase, p50, p75, p90, p95, p99");
        cases.put(p.formatted("{\"metric\":\"m\",\"step\":\"7s\"}"), "panels[1].step|panels[1].step: step must divide"
                + " a minute (1s..30s), divide an hour in whole minutes (1m..60m) or be whole hours; got 7s");
        cases.put(p.formatted("{\"metric\":\"m\",\"title\":\"a\\u0000b\"}"), "panels[1].title|panels[1].title must be"
                + " at most 200 characters without control characters");
        cases.put("{\"name\":\"x\",\"panels\":[],\"time_range\":{\"from\":\"yesterday\"}}", "time_range.from|time_range.from"
                + " must be ISO-8601 with an offset (2024-01-15T09:00:00Z), epoch seconds or milliseconds, now or"
                + " now-<n><s|m|h|d|w>");
        cases.put("{\"name\":\"x\",\"panels\":[],\"time_range\":{\"from\":\"now\",\"to\":\"now-1h\"}}",
                "time_range.from|time_range.from must be before time_range.to");
        cases.put("{\"name\":\"x\",\"panels\":[],\"refresh\":\"5s\"}", "refresh|refresh must be one of off, 10s, 30s, 1m");
        cases.put("{\"name\":\"x\",\"panels\":[],\"colour\":\"red\"}", "colour|unknown field 'colour'");
        cases.put(p.formatted("{\"metric\":\"m\",\"group-by\":[\"host\"]}"), "panels[1].group-by|unknown field"
                + " 'panels[1].group-by'");
        cases.put("{\"name\":\"x\",\"panels\":\"all\"}", "panels|field 'panels' has the wrong type");
        cases.put(p.formatted("{\"metric\":\"m\",\"tags\":{\"host\":\"a\"}}"), "panels[1].tags|field 'panels[1].tags'"
                + " has the wrong type");
        cases.put("[]", "body|the body must be a JSON object");
        String fiftyOne = "{\"name\":\"x\",\"panels\":[" + String.join(",", java.util.Collections.nCopies(51,
                "{\"metric\":\"m\"}")) + "]}";
        cases.put(fiftyOne, "panels|at most 50 panels");

        for (var c : cases.entrySet()) {
            String[] expected = c.getValue().split("\\|", 2);
            for (String method : List.of("POST", "PUT")) {
                String path = method.equals("POST") ? "/v1/dashboards" : "/v1/dashboards/" + UUID.randomUUID();
                HttpResponse<String> response = call(method, path, c.getKey());
                assertEquals(400, response.statusCode(), method + " " + c.getKey() + " -> " + response.body());
                JsonNode body = TestHttp.json(response);
                assertEquals(expected[1], body.get("message").asText(), c.getKey());
                assertEquals(expected[0], body.get("parameter").asText(), c.getKey());
            }
        }
        HttpResponse<String> malformed = call("POST", "/v1/dashboards", "{\"name\":");
        assertEquals(400, malformed.statusCode(), malformed.body());
        assertEquals(400, TestHttp.json(malformed).get("code").asInt());
        assertFalse(malformed.body().contains("Exception"), malformed.body());
        assertEquals(before, TestHttp.json(call("GET", "/v1/dashboards", null)).get("dashboards").size());
    }

    @Test
    void thePageAndItsFilesAreServedFromTheJarWithoutAToken() throws Exception {
        for (String path : List.of("/dashboards", "/dashboards/" + UUID.randomUUID())) {
            HttpResponse<String> page = call("GET", path, null);
            assertEquals(200, page.statusCode(), path);
            assertEquals("text/html;charset=utf-8", page.headers().firstValue("Content-Type").orElseThrow().toLowerCase());
            assertEquals("default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:;"
                    + " frame-ancestors 'none'", page.headers().firstValue("Content-Security-Policy").orElseThrow());
            assertTrue(page.body().contains("<script type=\"module\" src=\"/assets/js/main.js\"></script>"), page.body());
            assertTrue(page.body().contains("<link rel=\"stylesheet\" href=\"/vendor/uplot/uPlot.min.css\">"), page.body());
        }
        HttpResponse<String> root = call("GET", "/", null);
        assertEquals(303, root.statusCode());
        assertEquals("http://127.0.0.1:" + APP.getLocalPort() + "/dashboards",
                root.headers().firstValue("Location").orElseThrow());

        HttpResponse<String> script = call("GET", "/assets/js/panel.js", null);
        assertEquals(200, script.statusCode());
        assertTrue(script.headers().firstValue("Content-Type").orElseThrow().contains("javascript"), script.headers().toString());
        assertTrue(script.body().contains("import uPlot from '/vendor/uplot/uPlot.esm.js';"));
        HttpResponse<String> uplot = call("GET", "/vendor/uplot/uPlot.esm.js", null);
        assertEquals(200, uplot.statusCode());
        assertTrue(uplot.body().contains("export { uPlot as default }"), uplot.body().substring(uplot.body().length() - 200));
        assertEquals(404, call("GET", "/vendor/uplot/nothing.js", null).statusCode());
    }

    @Test
    void withTokensConfiguredTheApiNeedsOneAndThePageDoesNot() throws Exception {
        String token = "dashboards-test-token";
        String prefix = "dw-auth.";
        // Overrides cannot add an element to the empty token list: a copy of the config with one.
        String local = Files.readString(Path.of("config/local.yml"));
        assertTrue(local.contains("  tokens: []"), "config/local.yml changed its auth section");
        Path config = Files.createTempFile("query-service-auth", ".yml");
        Files.writeString(config, local.replace("  tokens: []", "  tokens:\n    - name: dashboards\n      sha256: "
                + HexFormat.of().formatHex(BearerTokenAuthenticator.sha256(token))));
        DropwizardTestSupport<QueryServiceConfiguration> secured = new DropwizardTestSupport<>(
                QueryServiceApplication.class, config.toString(), prefix, QueryApiTest.overrides(prefix, Map.of()));
        secured.before();
        try {
            int port = secured.getLocalPort();
            HttpResponse<String> denied = call(port, "POST", "/v1/dashboards", FULL, null);
            assertEquals(401, denied.statusCode(), denied.body());
            assertEquals(401, call(port, "GET", "/v1/dashboards", null, "wrong").statusCode());
            HttpResponse<String> created = call(port, "POST", "/v1/dashboards", FULL, token);
            assertEquals(201, created.statusCode(), created.body());
            assertEquals(200, call(port, "GET", "/dashboards", null, null).statusCode());
            assertEquals(200, call(port, "GET", "/assets/js/main.js", null, null).statusCode());
        } finally {
            secured.after();
        }
    }
}
