package io.metrics.lakehouse.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * A receiver of Alertmanager webhook notifications on 127.0.0.1 (what query-service's {@code webhook}
 * channel posts to): records each POST with the instant it arrived and answers 200 as Alertmanager
 * receivers do. Anything but a JSON POST is answered 400 and recorded as such, so the test sees it.
 */
final class WebhookReceiver implements AutoCloseable {

    /** One delivery: when it arrived, its method and content type, and its JSON body (null if unreadable). */
    record Delivery(Instant receivedAt, String method, String contentType, JsonNode body) {

        /** The payload's alertname label (common to the digest: the tests group by alertname). */
        String alertname() {
            return body == null ? null : body.path("commonLabels").path("alertname").asText(null);
        }

        String status() {
            return body == null ? null : body.path("status").asText(null);
        }
    }

    static final String PATH = "/alertmanager/webhook";

    private final HttpServer server;
    private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();

    WebhookReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext(PATH, exchange -> {
            Instant at = Instant.now();
            JsonNode body = null;
            try {
                body = LaunchedProduct.JSON.readTree(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                // recorded with a null body
            }
            String contentType = exchange.getRequestHeaders().getFirst("Content-Type");
            deliveries.add(new Delivery(at, exchange.getRequestMethod(), contentType, body));
            boolean ok = "POST".equals(exchange.getRequestMethod()) && body != null;
            exchange.sendResponseHeaders(ok ? 200 : 400, -1);
            exchange.close();
        });
        server.start();
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + PATH;
    }

    List<Delivery> deliveries() {
        return List.copyOf(deliveries);
    }

    /** The deliveries of one alert (by alertname), in arrival order. */
    List<Delivery> of(String alertname) {
        return deliveries.stream().filter(d -> alertname.equals(d.alertname())).toList();
    }

    /** Waits until a delivery matching {@code wanted} has arrived; returns it, or throws after {@code timeout}. */
    Delivery await(Predicate<Delivery> wanted, Duration timeout, String what) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            for (Delivery delivery : deliveries) {
                if (wanted.test(delivery)) {
                    return delivery;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no " + what + " within " + timeout + "; received: " + deliveries);
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
