package io.metrics.lakehouse.airflow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.metrics.lakehouse.airflow.api.DagRun;
import io.metrics.lakehouse.airflow.api.DagRunState;
import io.metrics.lakehouse.airflow.api.TaskInstance;
import io.metrics.lakehouse.airflow.api.TriggerDagRun;
import java.net.ServerSocket;
import java.net.URI;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The client against a local stand-in that checks each request as Airflow's stable REST API reference
 * (2.x, /api/v1) documents it and answers with the documented shapes: DAGRun, TaskInstanceCollection,
 * and the Error (problem details) body of 4xx/5xx.
 */
class AirflowClientTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RUN_ID = "manual__2026-01-05T10:00:00+00:00";

    private FakeAirflow airflow;

    @BeforeEach
    void start() throws Exception {
        airflow = new FakeAirflow();
    }

    @AfterEach
    void stop() {
        airflow.close();
    }

    @Test
    void triggerPostsTheConfWithBasicAuthAndReadsTheCreatedRun() throws Exception {
        airflow.answer(200, """
                {"conf": {"start": "2026-01-01T00:00:00Z", "end": "2026-01-08T00:00:00Z", "metric_prefix": "api.", "force": true},
                 "dag_id": "metrics_rollup_backfill", "dag_run_id": "backfill-42",
                 "data_interval_end": "2026-01-05T10:00:00+00:00", "data_interval_start": "2026-01-05T10:00:00+00:00",
                 "end_date": null, "execution_date": "2026-01-05T10:00:00+00:00", "external_trigger": true,
                 "last_scheduling_decision": null, "logical_date": "2026-01-05T10:00:00+00:00",
                 "note": "requested by query-service", "run_type": "manual", "start_date": null, "state": "queued"}
                """);
        AirflowClient client = new AirflowClient(AirflowClientConfig.basicAuth(airflow.baseUrl(), "admin", "s3cret:x"));
        Map<String, Object> conf = new LinkedHashMap<>();
        conf.put("start", "2026-01-01T00:00:00Z");
        conf.put("end", "2026-01-08T00:00:00Z");
        conf.put("metric_prefix", "api.");
        conf.put("force", true);

        DagRun run = client.triggerDagRun("metrics_rollup_backfill",
                new TriggerDagRun("backfill-42", null, conf, "requested by query-service"));

        FakeAirflow.Request request = airflow.requests().get(0);
        assertEquals("POST", request.method());
        assertEquals("/api/v1/dags/metrics_rollup_backfill/dagRuns", request.rawPath());
        assertNull(request.rawQuery());
        // base64("admin:s3cret:x")
        assertEquals("Basic YWRtaW46czNjcmV0Ong=", request.header("Authorization"));
        assertEquals("application/json", request.header("Content-Type"));
        assertEquals("application/json", request.header("Accept"));
        assertEquals(JSON.readTree("""
                {"dag_run_id": "backfill-42",
                 "conf": {"start": "2026-01-01T00:00:00Z", "end": "2026-01-08T00:00:00Z", "metric_prefix": "api.", "force": true},
                 "note": "requested by query-service"}
                """), JSON.readTree(request.body()));

        assertEquals("metrics_rollup_backfill", run.dagId());
        assertEquals("backfill-42", run.dagRunId());
        assertEquals(DagRunState.QUEUED, run.state());
        assertFalse(run.state().finished());
        assertEquals(OffsetDateTime.parse("2026-01-05T10:00:00Z"), run.logicalDate());
        assertNull(run.startDate());
        assertEquals("manual", run.runType());
        assertEquals(true, run.externalTrigger());
        assertEquals(conf, run.conf());
    }

    @Test
    void aTriggerWithOnlyConfSendsOnlyConfAndALogicalDateIsIsoWithOffset() throws Exception {
        airflow.answer(200, dagRun("metrics_rollup_backfill", RUN_ID, "queued"));
        airflow.answer(200, dagRun("metrics_rollup_backfill", "at-midnight", "queued"));
        AirflowClient client = new AirflowClient(AirflowClientConfig.bearerToken(airflow.baseUrl(), "tok-123"));

        client.triggerDagRun("metrics_rollup_backfill", TriggerDagRun.withConf(Map.of("force", false)));
        client.triggerDagRun("metrics_rollup_backfill", new TriggerDagRun("at-midnight",
                OffsetDateTime.parse("2026-01-05T00:00:00Z"), Map.of(), null));

        List<FakeAirflow.Request> requests = airflow.requests();
        assertEquals(JSON.readTree("{\"conf\": {\"force\": false}}"), JSON.readTree(requests.get(0).body()));
        assertEquals(JSON.readTree("{\"dag_run_id\": \"at-midnight\", \"logical_date\": \"2026-01-05T00:00:00Z\", \"conf\": {}}"),
                JSON.readTree(requests.get(1).body()));
        assertEquals("Bearer tok-123", requests.get(0).header("Authorization"));
    }

    @Test
    void getDagRunEncodesTheRunIdAndReadsTheState() {
        airflow.answer(200, dagRun("metrics_rollup_backfill", RUN_ID, "running"));
        airflow.answer(200, dagRun("metrics_rollup_backfill", RUN_ID, "failed"));
        AirflowClient client = new AirflowClient(AirflowClientConfig.bearerToken(airflow.baseUrl(), "tok-123"));

        assertEquals(DagRunState.RUNNING, client.getDagRun("metrics_rollup_backfill", RUN_ID).state());
        DagRun failed = client.getDagRun("metrics_rollup_backfill", RUN_ID);
        assertEquals(DagRunState.FAILED, failed.state());
        assertTrue(failed.state().finished());
        assertEquals(OffsetDateTime.parse("2026-01-05T10:00:01.5Z"), failed.startDate());

        FakeAirflow.Request request = airflow.requests().get(0);
        assertEquals("GET", request.method());
        assertEquals("/api/v1/dags/metrics_rollup_backfill/dagRuns/manual__2026-01-05T10%3A00%3A00%2B00%3A00",
                request.rawPath());
        assertEquals("Bearer tok-123", request.header("Authorization"));
        assertEquals("application/json", request.header("Accept"));
        assertNull(request.header("Content-Type"));
        assertEquals("", request.body());
    }

    @Test
    void listTaskInstancesReadsEveryPage() {
        List<String> firstPage = new ArrayList<>();
        for (int i = 0; i < AirflowClient.PAGE_SIZE; i++) {
            firstPage.add(taskInstance(i, "success"));
        }
        airflow.answer(200, "{\"task_instances\": [" + String.join(",", firstPage) + "], \"total_entries\": 102}");
        airflow.answer(200, "{\"task_instances\": [" + taskInstance(100, "running") + "," + taskInstance(101, null)
                + "], \"total_entries\": 102}");
        AirflowClient client = new AirflowClient(AirflowClientConfig.basicAuth(airflow.baseUrl(), "admin", "pw"));

        List<TaskInstance> tasks = client.listTaskInstances("metrics_rollup_backfill", "backfill-42");

        assertEquals(102, tasks.size());
        TaskInstance first = tasks.get(0);
        assertEquals("backfill_day", first.taskId());
        assertEquals("metrics_rollup_backfill", first.dagId());
        assertEquals("backfill-42", first.dagRunId());
        assertEquals(0, first.mapIndex());
        assertEquals("success", first.state());
        assertEquals(1, first.tryNumber());
        assertEquals(12.5, first.duration());
        assertEquals("BashOperator", first.operator());
        assertEquals(OffsetDateTime.parse("2026-01-05T10:00:02Z"), first.startDate());
        assertEquals("running", tasks.get(100).state());
        assertNull(tasks.get(101).state());
        assertEquals(101, tasks.get(101).mapIndex());

        List<FakeAirflow.Request> requests = airflow.requests();
        assertEquals(2, requests.size());
        assertEquals("/api/v1/dags/metrics_rollup_backfill/dagRuns/backfill-42/taskInstances", requests.get(0).rawPath());
        assertEquals("limit=100&offset=0", requests.get(0).rawQuery());
        assertEquals("limit=100&offset=100", requests.get(1).rawQuery());
        assertEquals("GET", requests.get(1).method());
    }

    @Test
    void errorStatusesBecomeExceptionsNamingAirflowsProblem() {
        airflow.answer(404, """
                {"detail": "DAG with dag_id: 'nope' not found", "status": 404, "title": "DAG not found",
                 "type": "https://airflow.apache.org/docs/apache-airflow/2.10.5/stable-rest-api-ref.html#section/Errors/NotFound"}
                """);
        airflow.answer(409, """
                {"detail": "DAGRun with DAG ID: 'metrics_rollup_backfill' and DAGRun ID: 'backfill-42' already exists",
                 "status": 409, "title": "Conflict",
                 "type": "https://airflow.apache.org/docs/apache-airflow/2.10.5/stable-rest-api-ref.html#section/Errors/AlreadyExists"}
                """);
        airflow.answer(401, """
                {"detail": null, "status": 401, "title": "Unauthorized",
                 "type": "https://airflow.apache.org/docs/apache-airflow/2.10.5/stable-rest-api-ref.html#section/Errors/Unauthenticated"}
                """);
        airflow.answerRaw(502, "text/html", "<html><body>\n<h1>502 Bad Gateway</h1>\n</body></html>");
        AirflowClient client = new AirflowClient(AirflowClientConfig.basicAuth(airflow.baseUrl(), "admin", "pw"));

        AirflowApiException notFound = assertThrows(AirflowApiException.class,
                () -> client.triggerDagRun("nope", TriggerDagRun.withConf(Map.of())));
        assertEquals(404, notFound.status());
        assertTrue(notFound.clientError());
        assertEquals("DAG not found", notFound.problem().title());
        assertEquals("Airflow POST /dags/nope/dagRuns answered 404: DAG not found: DAG with dag_id: 'nope' not found",
                notFound.getMessage());

        AirflowApiException conflict = assertThrows(AirflowApiException.class,
                () -> client.triggerDagRun("metrics_rollup_backfill",
                        new TriggerDagRun("backfill-42", null, Map.of(), null)));
        assertEquals(409, conflict.status());
        assertEquals("Airflow POST /dags/metrics_rollup_backfill/dagRuns answered 409: Conflict: DAGRun with DAG ID:"
                + " 'metrics_rollup_backfill' and DAGRun ID: 'backfill-42' already exists", conflict.getMessage());

        AirflowApiException unauthorized = assertThrows(AirflowApiException.class,
                () -> client.getDagRun("metrics_rollup_backfill", "backfill-42"));
        assertEquals("Airflow GET /dags/metrics_rollup_backfill/dagRuns/backfill-42 answered 401: Unauthorized",
                unauthorized.getMessage());

        AirflowApiException badGateway = assertThrows(AirflowApiException.class,
                () -> client.getDagRun("metrics_rollup_backfill", "backfill-42"));
        assertEquals(502, badGateway.status());
        assertTrue(badGateway.serverError());
        assertNull(badGateway.problem());
        assertEquals("Airflow GET /dags/metrics_rollup_backfill/dagRuns/backfill-42 answered 502:"
                + " <html><body> <h1>502 Bad Gateway</h1> </body></html>", badGateway.getMessage());
    }

    @Test
    void aSuccessWithABodyThatIsNotADagRunIsAnError() {
        airflow.answerRaw(200, "text/html", "<html>login</html>");
        AirflowClient client = new AirflowClient(AirflowClientConfig.basicAuth(airflow.baseUrl(), "admin", "pw"));
        AirflowApiException e = assertThrows(AirflowApiException.class,
                () -> client.getDagRun("metrics_rollup_backfill", "backfill-42"));
        assertEquals(200, e.status());
        assertTrue(e.getMessage().startsWith("Airflow GET /dags/metrics_rollup_backfill/dagRuns/backfill-42 answered 200:"
                + " unexpected body ("), e.getMessage());
        assertTrue(e.getMessage().endsWith("): <html>login</html>"), e.getMessage());
    }

    @Test
    void noAnswerIsAnUnreachableError() throws Exception {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closedPort = socket.getLocalPort();
        }
        AirflowClient client = new AirflowClient(AirflowClientConfig.bearerToken(
                URI.create("http://127.0.0.1:" + closedPort + "/api/v1"), "tok"));
        AirflowUnreachableException e = assertThrows(AirflowUnreachableException.class,
                () -> client.getDagRun("metrics_rollup_backfill", "backfill-42"));
        assertTrue(e.getMessage().startsWith("Airflow GET /dags/metrics_rollup_backfill/dagRuns/backfill-42 at http://127.0.0.1:"
                + closedPort + "/api/v1: no answer ("), e.getMessage());
    }

    @Test
    void theConfigRefusesAmbiguousAuthAndNeverPrintsSecrets() {
        URI base = URI.create("http://127.0.0.1:8080/api/v1");
        IllegalArgumentException both = assertThrows(IllegalArgumentException.class,
                () -> new AirflowClientConfig(base, "admin", "pw", "tok", null, null));
        assertEquals("configure basic auth (username, password) or a bearerToken, not both", both.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new AirflowClientConfig(base, "admin", null, null, null, null));
        assertThrows(IllegalArgumentException.class,
                () -> new AirflowClientConfig(URI.create("ftp://x/api/v1"), null, null, null, null, null));
        String text = AirflowClientConfig.basicAuth(base, "admin", "pw-secret").toString();
        assertFalse(text.contains("pw-secret"), text);
        assertEquals("AirflowClientConfig[baseUrl=http://127.0.0.1:8080/api/v1, auth=basic(admin), connectTimeout=PT5S,"
                + " requestTimeout=PT30S]", text);
    }

    private static String dagRun(String dagId, String runId, String state) {
        return """
                {"conf": {}, "dag_id": "%s", "dag_run_id": "%s", "data_interval_end": "2026-01-05T10:00:00+00:00",
                 "data_interval_start": "2026-01-05T10:00:00+00:00", "end_date": null,
                 "execution_date": "2026-01-05T10:00:00+00:00", "external_trigger": true, "last_scheduling_decision": null,
                 "logical_date": "2026-01-05T10:00:00+00:00", "note": null, "run_type": "manual",
                 "start_date": "2026-01-05T10:00:01.500000+00:00", "state": "%s"}
                """.formatted(dagId, runId, state);
    }

    private static String taskInstance(int mapIndex, String state) {
        return """
                {"task_id": "backfill_day", "dag_id": "metrics_rollup_backfill", "dag_run_id": "backfill-42",
                 "execution_date": "2026-01-05T10:00:00+00:00", "start_date": "2026-01-05T10:00:02+00:00",
                 "end_date": "2026-01-05T10:00:14.500000+00:00", "duration": 12.5, "state": %s, "try_number": 1,
                 "map_index": %d, "max_tries": 2, "hostname": "worker-1", "unixname": "airflow", "pool": "default_pool",
                 "pool_slots": 1, "queue": "default", "priority_weight": 1, "operator": "BashOperator",
                 "queued_when": "2026-01-05T10:00:01+00:00", "pid": 4242, "executor_config": "{}", "sla_miss": null,
                 "rendered_fields": {}, "trigger": null, "triggerer_job": null, "note": null}
                """.formatted(state == null ? "null" : "\"" + state + "\"", mapIndex);
    }
}
