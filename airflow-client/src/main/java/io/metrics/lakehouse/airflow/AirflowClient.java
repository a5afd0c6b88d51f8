package io.metrics.lakehouse.airflow;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.metrics.lakehouse.airflow.api.ApiProblem;
import io.metrics.lakehouse.airflow.api.DagRun;
import io.metrics.lakehouse.airflow.api.TaskInstance;
import io.metrics.lakehouse.airflow.api.TaskInstancePage;
import io.metrics.lakehouse.airflow.api.TriggerDagRun;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * A typed client for the three calls of Airflow's stable REST API the product makes: trigger a DAG run
 * with conf, read a run's state, list a run's task instances. Thread-safe; one instance per Airflow.
 *
 * <p>Errors: {@link AirflowApiException} for an error status (4xx/5xx, with Airflow's problem details),
 * {@link AirflowUnreachableException} when no answer comes; nothing is retried here (a retried trigger
 * could start a second run: the caller decides, e.g. with a fixed dag_run_id that makes a retry a 409).
 */
public final class AirflowClient {

    /** Page size for list calls (Airflow's default maximum_page_limit is 100). */
    static final int PAGE_SIZE = 100;

    private static final int EXCERPT = 300;

    private final AirflowClientConfig config;
    private final HttpClient http;
    private final ObjectMapper json;
    private final Optional<String> authorization;

    public AirflowClient(AirflowClientConfig config) {
        this.config = config;
        this.http = HttpClient.newBuilder().connectTimeout(config.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER).build();
        this.json = new ObjectMapper().registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE);
        if (config.username() != null) {
            String pair = config.username() + ":" + config.password();
            authorization = Optional.of("Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
        } else if (config.bearerToken() != null) {
            authorization = Optional.of("Bearer " + config.bearerToken());
        } else {
            authorization = Optional.empty();
        }
    }

    /** POST /dags/{dag_id}/dagRuns: the created run (state {@code queued} as a rule). */
    public DagRun triggerDagRun(String dagId, TriggerDagRun request) {
        String path = "/dags/" + segment(dagId) + "/dagRuns";
        return send("POST", path, HttpRequest.BodyPublishers.ofString(write(request)), DagRun.class);
    }

    /** GET /dags/{dag_id}/dagRuns/{dag_run_id}. */
    public DagRun getDagRun(String dagId, String dagRunId) {
        return send("GET", "/dags/" + segment(dagId) + "/dagRuns/" + segment(dagRunId),
                HttpRequest.BodyPublishers.noBody(), DagRun.class);
    }

    /** GET /dags/{dag_id}/dagRuns/{dag_run_id}/taskInstances, every page. */
    public List<TaskInstance> listTaskInstances(String dagId, String dagRunId) {
        String path = "/dags/" + segment(dagId) + "/dagRuns/" + segment(dagRunId) + "/taskInstances";
        List<TaskInstance> all = new ArrayList<>();
        while (true) {
            TaskInstancePage page = send("GET", path + "?limit=" + PAGE_SIZE + "&offset=" + all.size(),
                    HttpRequest.BodyPublishers.noBody(), TaskInstancePage.class);
            List<TaskInstance> items = page.taskInstances() == null ? List.of() : page.taskInstances();
            all.addAll(items);
            if (items.isEmpty() || all.size() >= page.totalEntries()) {
                return all;
            }
        }
    }

    private <T> T send(String method, String path, HttpRequest.BodyPublisher body, Class<T> type) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).timeout(config.requestTimeout())
                .header("Accept", "application/json")
                .method(method, body);
        if (!"GET".equals(method)) {
            request.header("Content-Type", "application/json");
        }
        authorization.ifPresent(value -> request.header("Authorization", value));
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new AirflowUnreachableException("Airflow " + method + " " + path + " at " + config.baseUrl()
                    + ": no answer (" + e + ")", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AirflowUnreachableException("Airflow " + method + " " + path + ": interrupted", e);
        }
        if (response.statusCode() < 200 || response.statusCode() >= 300) {
            throw new AirflowApiException(method, path, response.statusCode(), problem(response.body()),
                    excerpt(response.body()));
        }
        try {
            return json.readValue(response.body(), type);
        } catch (JsonProcessingException e) {
            throw new AirflowApiException(method, path, response.statusCode(), null,
                    "unexpected body (" + e.getOriginalMessage() + "): " + excerpt(response.body()));
        }
    }

    private URI uri(String path) {
        String base = config.baseUrl().toString();
        return URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + path);
    }

    private String write(Object body) {
        try {
            return json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write the request as JSON: " + e.getOriginalMessage(), e);
        }
    }

    /** Airflow's problem body, when the error body is one. */
    private ApiProblem problem(String body) {
        try {
            ApiProblem problem = json.readValue(body, ApiProblem.class);
            return problem.title() == null && problem.detail() == null ? null : problem;
        } catch (JsonProcessingException | IllegalArgumentException e) {
            return null;
        }
    }

    private static String excerpt(String body) {
        String flat = body == null ? "" : body.strip().replaceAll("\\s+", " ");
        return flat.length() <= EXCERPT ? flat : flat.substring(0, EXCERPT) + "...";
    }

    /** One path segment, percent-encoded: run ids hold ':' and '+' (manual__2026-01-01T00:00:00+00:00). */
    static String segment(String value) {
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("a DAG id or run id must not be empty");
        }
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
