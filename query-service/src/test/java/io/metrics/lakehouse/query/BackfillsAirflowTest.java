package io.metrics.lakehouse.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.metrics.lakehouse.local.LocalStackExtension;
import io.metrics.lakehouse.query.testing.AirflowStandIn;
import io.metrics.lakehouse.query.testing.StackData;
import io.metrics.lakehouse.service.testing.TestHttp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code /v1/backfills} with Airflow configured: the trigger, the mapped run state, progress from the log. */
@ExtendWith({LocalStackExtension.class, DropwizardExtensionsSupport.class})
class BackfillsAirflowTest {

    private static final String DAG = "metrics_rollup_backfill";
    private static final AirflowStandIn AIRFLOW = standIn();
    private static final ObjectMapper JSON = new ObjectMapper();

    static final DropwizardAppExtension<QueryServiceConfiguration> APP = new DropwizardAppExtension<>(
            QueryServiceApplication.class, "config/local.yml", QueryApiTest.overrides("dw.", Map.of(
                    "airflow.baseUrl", AIRFLOW.baseUrl(),
                    "airflow.username", "backfiller",
                    "airflow.password", "s3cret")));

    private static AirflowStandIn standIn() {
        try {
            return new AirflowStandIn(DAG, "backfiller", "s3cret");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterAll
    static void stop() {
        AIRFLOW.close();
    }

    private static HttpResponse<String> call(String method, String path, String body) throws Exception {
        return DashboardsApiTest.call(APP.getLocalPort(), method, path, body, null);
    }

    private static void logComplete(StackData data, String granularity, String start, String end, String prefix,
            String completedAt) throws Exception {
        data.execute("INSERT INTO rollup_partition_log (granularity, partition_start, partition_end, metric_prefix,"
                + " row_count, checksum, source_snapshot_id, job_run_id, completed_at) VALUES ('" + granularity + "',"
                + " from_iso8601_timestamp('" + start + "'), from_iso8601_timestamp('" + end + "'), '" + prefix + "', 1,"
                + " 'test', NULL, 'test-run', CAST(from_iso8601_timestamp_nanos('" + completedAt
                + "') AS timestamp(6) with time zone))");
    }

    @Test
    void triggersTheDagWithItsConfAndReportsTheRunStateTasksAndPartitionProgress() throws Exception {
        StackData data = new StackData(LocalStackExtension.endpoints());
        int before = AIRFLOW.requests().size();

        HttpResponse<String> created = call("POST", "/v1/backfills",
                "{\"start\":\"2025-02-03T04:00:00Z\",\"end\":\"2025-02-03T07:00:00Z\",\"metric_prefix\":\"bf.\",\"force\":true}");

        assertEquals(202, created.statusCode(), created.body());
        JsonNode body = TestHttp.json(created);
        String id = body.get("id").asText();
        String requestedAt = body.get("requested_at").asText();
        assertEquals("{\"id\":\"" + id + "\",\"state\":\"queued\",\"runner\":\"airflow\",\"start\":\"2025-02-03T04:00:00Z\","
                + "\"end\":\"2025-02-03T07:00:00Z\",\"metric_prefix\":\"bf.\",\"force\":true,\"requested_by\":\"anonymous\","
                + "\"requested_at\":\"" + requestedAt + "\",\"dag_id\":\"" + DAG + "\",\"dag_run_id\":\"" + id + "\"}",
                body.toString());
        assertEquals("http://127.0.0.1:" + APP.getLocalPort() + "/v1/backfills/" + id,
                created.headers().firstValue("Location").orElseThrow());

        List<AirflowStandIn.Request> requests = AIRFLOW.requests();
        assertEquals(before + 1, requests.size());
        AirflowStandIn.Request trigger = requests.get(before);
        assertEquals("POST", trigger.method());
        assertEquals("/api/v1/dags/" + DAG + "/dagRuns", trigger.path());
        assertEquals("Basic YmFja2ZpbGxlcjpzM2NyZXQ=", trigger.authorization()); // backfiller:s3cret
        assertEquals("application/json", trigger.contentType());
        assertEquals(JSON.readTree("{\"dag_run_id\":\"" + id + "\",\"conf\":{\"start\":\"2025-02-03T04:00:00Z\","
                + "\"end\":\"2025-02-03T07:00:00Z\",\"metric_prefix\":\"bf.\",\"force\":true}}"), trigger.body());

        // Hour 04 logged for the prefix, hour 05 for every metric: both after the request. Hour 06 only
        // for another prefix, and for ours before the request (force: that old completion is redone).
        Instant after = Instant.parse(requestedAt).plusSeconds(60);
        logComplete(data, "1m", "2025-02-03T04:00:00Z", "2025-02-03T05:00:00Z", "bf.", after.toString());
        logComplete(data, "1m", "2025-02-03T05:00:00Z", "2025-02-03T06:00:00Z", "", after.plusSeconds(1).toString());
        logComplete(data, "1m", "2025-02-03T06:00:00Z", "2025-02-03T07:00:00Z", "other.", after.toString());
        logComplete(data, "1m", "2025-02-03T06:00:00Z", "2025-02-03T07:00:00Z", "bf.", "2025-01-01T00:00:00Z");
        logComplete(data, "1h", "2025-02-03T06:00:00Z", "2025-02-03T07:00:00Z", "bf.", after.toString());
        AIRFLOW.setState(id, "running");

        HttpResponse<String> got = call("GET", "/v1/backfills/" + id, null);
        assertEquals(200, got.statusCode(), got.body());
        JsonNode report = TestHttp.json(got);
        assertEquals("running", report.get("state").asText());
        assertNull(report.get("error"));
        assertEquals("[{\"task_id\":\"day_commands\",\"map_index\":-1,\"state\":\"success\",\"try_number\":1,"
                + "\"start_date\":\"2026-01-01T00:00:01Z\",\"end_date\":\"2026-01-01T00:00:03Z\"},"
                + "{\"task_id\":\"backfill_day\",\"map_index\":0,\"state\":\"running\",\"try_number\":1,"
                + "\"start_date\":\"2026-01-01T00:00:04Z\",\"end_date\":null}]", report.get("tasks").toString());
        assertEquals("{\"1m\":{\"table\":\"rollup_1m\",\"partitions_total\":3,\"partitions_complete\":2,\"partitions\":["
                + "{\"start\":\"2025-02-03T04:00:00Z\",\"end\":\"2025-02-03T05:00:00Z\",\"status\":\"complete\",\"completed_at\":\"" + after + "\"},"
                + "{\"start\":\"2025-02-03T05:00:00Z\",\"end\":\"2025-02-03T06:00:00Z\",\"status\":\"complete\",\"completed_at\":\"" + after.plusSeconds(1) + "\"},"
                + "{\"start\":\"2025-02-03T06:00:00Z\",\"end\":\"2025-02-03T07:00:00Z\",\"status\":\"pending\"}]},"
                + "\"1h\":{\"table\":\"rollup_1h\",\"partitions_total\":3,\"partitions_complete\":1,\"partitions\":["
                + "{\"start\":\"2025-02-03T04:00:00Z\",\"end\":\"2025-02-03T05:00:00Z\",\"status\":\"pending\"},"
                + "{\"start\":\"2025-02-03T05:00:00Z\",\"end\":\"2025-02-03T06:00:00Z\",\"status\":\"pending\"},"
                + "{\"start\":\"2025-02-03T06:00:00Z\",\"end\":\"2025-02-03T07:00:00Z\",\"status\":\"complete\",\"completed_at\":\"" + after + "\"}]}}",
                report.get("progress").toString());
        AirflowStandIn.Request read = AIRFLOW.requests().get(before + 1);
        assertEquals("GET /api/v1/dags/" + DAG + "/dagRuns/" + id + " Basic YmFja2ZpbGxlcjpzM2NyZXQ=",
                read.method() + " " + read.path() + " " + read.authorization());
        assertEquals("limit=100&offset=0", AIRFLOW.requests().get(before + 2).query());

        for (String state : List.of("success", "failed", "queued")) {
            AIRFLOW.setState(id, state);
            HttpResponse<String> again = call("GET", "/v1/backfills/" + id, null);
            assertEquals(state, TestHttp.json(again).get("state").asText(), again.body());
        }
        AIRFLOW.setState(id, "success");
        call("GET", "/v1/backfills/" + id, null);
        // The list shows the last state seen, without asking Airflow.
        JsonNode listed = TestHttp.json(call("GET", "/v1/backfills", null));
        JsonNode ours = null;
        for (JsonNode backfill : listed.get("backfills")) {
            ours = backfill.get("id").asText().equals(id) ? backfill : ours;
        }
        assertEquals("success", ours.get("state").asText(), listed.toString());
        assertNull(ours.get("progress"));
    }

    @Test
    void aTriggerAirflowRefusesIs503AndTheRequestStaysRecordedAsFailed() throws Exception {
        AIRFLOW.failTriggersWith(500);
        try {
            HttpResponse<String> refused = call("POST", "/v1/backfills",
                    "{\"start\":\"2025-02-05T00:00:00Z\",\"end\":\"2025-02-05T01:00:00Z\"}");
            assertEquals(503, refused.statusCode(), refused.body());
            JsonNode error = TestHttp.json(refused);
            assertEquals(List.of("code", "message"), TestHttp.fieldNames(error));
            String message = error.get("message").asText();
            String id = message.substring("backfill ".length(), "backfill ".length() + 36);
            assertEquals("backfill " + id + " recorded as failed: the runner (airflow) did not accept it: Airflow POST"
                    + " /dags/" + DAG + "/dagRuns answered 500: Scripted failure: stand-in told to fail", message);

            JsonNode report = TestHttp.json(call("GET", "/v1/backfills/" + id, null));
            assertEquals("failed", report.get("state").asText());
            assertEquals("Airflow POST /dags/" + DAG + "/dagRuns answered 500: Scripted failure: stand-in told to fail",
                    report.get("error").asText());
        } finally {
            AIRFLOW.failTriggersWith(0);
        }
    }
}
