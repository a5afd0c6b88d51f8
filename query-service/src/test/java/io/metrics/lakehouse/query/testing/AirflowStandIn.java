package io.metrics.lakehouse.query.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Airflow's stable REST API (/api/v1) on 127.0.0.1, as far as backfills use it, checked as the API
 * reference documents it: POST /dags/{dag_id}/dagRuns with a JSON body and basic auth; GET of the run
 * and of its task instances. A request with another method, path, Content-Type or credentials gets
 * Airflow's 401/404/415 problem answer; every request is recorded for the test to inspect.
 */
public final class AirflowStandIn implements AutoCloseable {

    public record Request(String method, String path, String query, String authorization, String contentType,
            JsonNode body) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpServer server;
    private final String dagId;
    private final String authorization;
    private final List<Request> requests = new ArrayList<>();
    /** dag_run_id -> state the test set ("queued" after the trigger). */
    private final Map<String, String> states = new ConcurrentHashMap<>();
    private volatile int failTriggersWith;

    public AirflowStandIn(String dagId, String username, String password) throws IOException {
        this.dagId = dagId;
        this.authorization = "Basic " + Base64.getEncoder()
                .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/api/v1";
    }

    public synchronized List<Request> requests() {
        return List.copyOf(requests);
    }

    public void setState(String dagRunId, String state) {
        states.put(dagRunId, state);
    }

    /** The next triggers answer this status (0: accept again). */
    public void failTriggersWith(int status) {
        failTriggersWith = status;
    }

    private void handle(HttpExchange exchange) throws IOException {
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        String method = exchange.getRequestMethod();
        String path = exchange.getRequestURI().getRawPath();
        Request request = new Request(method, path, exchange.getRequestURI().getRawQuery(),
                exchange.getRequestHeaders().getFirst("Authorization"), exchange.getRequestHeaders().getFirst("Content-Type"),
                body.isEmpty() ? null : JSON.readTree(body));
        synchronized (this) {
            requests.add(request);
        }
        String runs = "/api/v1/dags/" + dagId + "/dagRuns";
        if (!authorization.equals(request.authorization())) {
            answer(exchange, 401, problem(401, "Unauthenticated", "No credentials were provided"));
        } else if ("POST".equals(method) && runs.equals(path)) {
            if (!"application/json".equals(request.contentType())) {
                answer(exchange, 415, problem(415, "Unsupported Media Type", "expected application/json"));
            } else if (failTriggersWith != 0) {
                answer(exchange, failTriggersWith, problem(failTriggersWith, "Scripted failure", "stand-in told to fail"));
            } else {
                String runId = request.body().get("dag_run_id").asText();
                states.put(runId, "queued");
                answer(exchange, 200, dagRun(runId, request.body().get("conf")));
            }
        } else if ("GET".equals(method) && path.startsWith(runs + "/") && path.endsWith("/taskInstances")) {
            String runId = path.substring(runs.length() + 1, path.length() - "/taskInstances".length());
            answer(exchange, 200, "{\"task_instances\":[{\"task_id\":\"day_commands\",\"dag_id\":\"" + dagId
                    + "\",\"dag_run_id\":\"" + runId + "\",\"map_index\":-1,\"state\":\"success\",\"try_number\":1,"
                    + "\"start_date\":\"2026-01-01T00:00:01+00:00\",\"end_date\":\"2026-01-01T00:00:03+00:00\","
                    + "\"duration\":2.0,\"operator\":\"_PythonDecoratedOperator\"},{\"task_id\":\"backfill_day\",\"dag_id\":\""
                    + dagId + "\",\"dag_run_id\":\"" + runId + "\",\"map_index\":0,\"state\":\"running\",\"try_number\":1,"
                    + "\"start_date\":\"2026-01-01T00:00:04+00:00\",\"end_date\":null,\"duration\":null,"
                    + "\"operator\":\"BashOperator\"}],\"total_entries\":2}");
        } else if ("GET".equals(method) && path.startsWith(runs + "/") && states.containsKey(path.substring(runs.length() + 1))) {
            answer(exchange, 200, dagRun(path.substring(runs.length() + 1), null));
        } else {
            answer(exchange, 404, problem(404, "Not Found", method + " " + path));
        }
    }

    private String dagRun(String runId, JsonNode conf) {
        return "{\"dag_id\":\"" + dagId + "\",\"dag_run_id\":\"" + runId + "\",\"logical_date\":\"2026-01-01T00:00:00+00:00\","
                + "\"start_date\":null,\"end_date\":null,\"state\":\"" + states.get(runId) + "\",\"run_type\":\"manual\","
                + "\"external_trigger\":true,\"conf\":" + (conf == null ? "{}" : conf.toString()) + ",\"note\":null}";
    }

    private static String problem(int status, String title, String detail) {
        return "{\"type\":\"about:blank\",\"title\":\"" + title + "\",\"status\":" + status + ",\"detail\":\"" + detail + "\"}";
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", status >= 400 ? "application/problem+json" : "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
