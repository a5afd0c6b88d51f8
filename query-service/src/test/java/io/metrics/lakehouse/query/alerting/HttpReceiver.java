package io.metrics.lakehouse.query.alerting;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A local HTTP endpoint on 127.0.0.1 standing in for a SaaS receiver (Slack, PagerDuty, a webhook):
 * records every request and answers as the vendor documents (or with scripted failures).
 */
final class HttpReceiver implements AutoCloseable {

    record Request(String method, String path, String contentType, JsonNode body) {}

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final Deque<Integer> failures = new ArrayDeque<>();

    /** {@code answer}: status and body of a successful answer, computed from the request body. */
    HttpReceiver(String path, int status, Function<JsonNode, String> answer) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext(path, exchange -> {
            JsonNode body;
            try {
                body = JSON.readTree(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                    exchange.getRequestHeaders().getFirst("Content-Type"), body));
            Integer failure;
            synchronized (failures) {
                failure = failures.poll();
            }
            int code = failure != null ? failure : status;
            byte[] out = (failure != null ? "{\"error\":\"scripted failure\"}" : answer.apply(body)).getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(code, out.length);
            exchange.getResponseBody().write(out);
            exchange.close();
        });
        server.start();
    }

    String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** The next {@code count} requests are answered with {@code status}. */
    void failNext(int count, int status) {
        synchronized (failures) {
            for (int i = 0; i < count; i++) {
                failures.add(status);
            }
        }
    }

    List<Request> requests() {
        return List.copyOf(requests);
    }

    /** Requests whose JSON body mentions {@code text} anywhere (the tests' alert names are unique). */
    List<Request> mentioning(String text) {
        return requests.stream().filter(r -> r.body().toString().contains(text)).toList();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
