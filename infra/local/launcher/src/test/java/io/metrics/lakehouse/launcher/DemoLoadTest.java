package io.metrics.lakehouse.launcher;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@link DemoLoad} against a local HTTP receiver that checks each request as the gateway's
 * {@code POST /v1/ingest} takes it (path, content type, the seed's JSON shape) and answers 200.
 */
class DemoLoadTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");

    private final List<JsonNode> received = new CopyOnWriteArrayList<>();
    private HttpServer gateway;
    private int status = 200;

    @BeforeEach
    void startReceiver() throws IOException {
        gateway = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        gateway.createContext("/", exchange -> {
            boolean valid = "POST".equals(exchange.getRequestMethod())
                    && "/v1/ingest".equals(exchange.getRequestURI().getPath())
                    && "application/json".equals(exchange.getRequestHeaders().getFirst("Content-Type"));
            byte[] body = exchange.getRequestBody().readAllBytes();
            if (valid) {
                received.add(JSON.readTree(body));
            }
            byte[] answer = "{\"accepted\":1,\"rejected\":0,\"errors\":[]}".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(valid ? status : 404, answer.length);
            exchange.getResponseBody().write(answer);
            exchange.close();
        });
        gateway.start();
    }

    @AfterEach
    void stopReceiver() {
        gateway.stop(0);
    }

    private DemoLoad load(Instant now) {
        return new DemoLoad(URI.create("http://127.0.0.1:" + gateway.getAddress().getPort()),
                Clock.fixed(now, ZoneOffset.UTC), 42);
    }

    @Test
    void aTickPushesOneRequestPerMetricWithEverySimulatedHost() throws Exception {
        load(NOW).tick();

        assertEquals(List.of(DemoLoad.REQUESTS, DemoLoad.LATENCY, DemoLoad.ERROR_RATE, DemoLoad.CPU),
                received.stream().map(r -> r.get("metric").asText()).toList());
        assertEquals(List.of("counter", "gauge", "gauge", "gauge"),
                received.stream().map(r -> r.get("type").asText()).toList());
        Set<String> hosts = Set.of("checkout-01", "checkout-02", "checkout-03", "search-01", "search-02",
                "payments-01", "payments-02");
        for (JsonNode request : received) {
            assertEquals(Set.of("metric", "type", "points"), fields(request));
            for (JsonNode point : request.get("points")) {
                assertEquals(Set.of("timestamp", "value", "tags"), fields(point));
                assertEquals(NOW.toEpochMilli(), point.get("timestamp").asLong());
                assertTrue(point.get("value").isNumber());
                JsonNode tags = point.get("tags");
                assertTrue(hosts.contains(tags.get("host").asText()), tags.toString());
                assertEquals(tags.get("host").asText().replaceAll("-\\d+$", ""), tags.get("service").asText());
                assertEquals("demo", tags.get("env").asText());
            }
        }
        // Counters and latency: a series per host and status / quantile; the others one per host.
        assertEquals(Map.of(DemoLoad.REQUESTS, 14, DemoLoad.LATENCY, 14, DemoLoad.ERROR_RATE, 7, DemoLoad.CPU, 7),
                seriesPerMetric());
        assertEquals(Set.of("env", "host", "service", "status"), fields(points(DemoLoad.REQUESTS).get(0).get("tags")));
        assertEquals(Set.of("2xx", "5xx"), tagValues(DemoLoad.REQUESTS, "status"));
        assertEquals(Set.of("0.5", "0.99"), tagValues(DemoLoad.LATENCY, "quantile"));
        assertEquals(Set.of("env", "host", "service"), fields(points(DemoLoad.CPU).get(0).get("tags")));
    }

    @Test
    void valuesAreRealistic() throws Exception {
        DemoLoad load = load(NOW);
        load.tick();
        Map<String, Double> firstTotals = values(DemoLoad.REQUESTS);
        received.clear();
        load.tick();
        Map<String, Double> secondTotals = values(DemoLoad.REQUESTS);

        // Counters only grow; 2xx by roughly the service's traffic over 10 s (checkout: 120/s x wave).
        secondTotals.forEach((series, total) -> assertTrue(total >= firstTotals.get(series), series));
        double checkoutOk = secondTotals.get("checkout-01|2xx") - firstTotals.get("checkout-01|2xx");
        assertTrue(checkoutOk > 300 && checkoutOk < 3000, "checkout-01 2xx per tick: " + checkoutOk);
        values(DemoLoad.ERROR_RATE).values().forEach(v -> assertTrue(v >= 0 && v <= 1, "error rate " + v));
        values(DemoLoad.CPU).values().forEach(v -> assertTrue(v > 0 && v <= 100, "cpu " + v));
        Map<String, Double> latency = values(DemoLoad.LATENCY);
        for (String host : List.of("checkout-01", "search-02", "payments-01")) {
            double p50 = latency.get(host + "|0.5");
            assertTrue(p50 > 10 && p50 < 300, host + " p50 " + p50);
            assertTrue(latency.get(host + "|0.99") > 2 * p50, host + " p99");
        }
    }

    @Test
    void aRefusedTickIsAnError() {
        status = 503;
        assertThrows(IOException.class, () -> load(NOW).tick());
    }

    private List<JsonNode> points(String metric) {
        List<JsonNode> points = new ArrayList<>();
        received.stream().filter(r -> r.get("metric").asText().equals(metric))
                .forEach(r -> r.get("points").forEach(points::add));
        return points;
    }

    /** Value per series, keyed host|status-or-quantile (or host). */
    private Map<String, Double> values(String metric) {
        Map<String, Double> values = new TreeMap<>();
        for (JsonNode point : points(metric)) {
            JsonNode tags = point.get("tags");
            String extra = tags.has("status") ? "|" + tags.get("status").asText()
                    : tags.has("quantile") ? "|" + tags.get("quantile").asText() : "";
            values.put(tags.get("host").asText() + extra, point.get("value").asDouble());
        }
        return values;
    }

    private Map<String, Integer> seriesPerMetric() {
        Map<String, Integer> counts = new TreeMap<>();
        for (String metric : List.of(DemoLoad.REQUESTS, DemoLoad.LATENCY, DemoLoad.ERROR_RATE, DemoLoad.CPU)) {
            Set<String> series = new TreeSet<>();
            points(metric).forEach(p -> series.add(p.get("tags").toString()));
            counts.put(metric, series.size());
        }
        return counts;
    }

    private Set<String> tagValues(String metric, String tag) {
        Set<String> values = new TreeSet<>();
        points(metric).forEach(p -> values.add(p.get("tags").get(tag).asText()));
        return values;
    }

    private static Set<String> fields(JsonNode node) {
        Set<String> names = new TreeSet<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
