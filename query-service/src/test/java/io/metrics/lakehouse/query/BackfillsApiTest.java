package io.metrics.lakehouse.query;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.metrics.lakehouse.local.LocalStackExtension;
import io.metrics.lakehouse.query.testing.StackData;
import io.metrics.lakehouse.service.testing.TestHttp;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code /v1/backfills} in the embedded default (no Airflow): recorded, waiting, progress, 400s, 404s. */
@ExtendWith({LocalStackExtension.class, DropwizardExtensionsSupport.class})
class BackfillsApiTest {

    static final DropwizardAppExtension<QueryServiceConfiguration> APP = new DropwizardAppExtension<>(
            QueryServiceApplication.class, "config/local.yml", QueryApiTest.overrides("dw.", Map.of()));

    private static HttpResponse<String> call(String method, String path, String body) throws Exception {
        return DashboardsApiTest.call(APP.getLocalPort(), method, path, body, null);
    }

    @Test
    void withoutAirflowTheRequestIsRecordedAsWaitingWithTheRangeRoundedOutAndProgressFromTheLog() throws Exception {
        StackData data = new StackData(LocalStackExtension.endpoints());
        // Hour 11 completed for every metric long before the request: without force the job skips it,
        // so it counts. Hour 12 only for another prefix: pending for ''. At 1h, hour 12 is complete.
        data.execute("INSERT INTO rollup_partition_log (granularity, partition_start, partition_end, metric_prefix,"
                + " row_count, checksum, source_snapshot_id, job_run_id, completed_at) VALUES"
                + " ('1m', from_iso8601_timestamp('2025-02-10T11:00:00Z'), from_iso8601_timestamp('2025-02-10T12:00:00Z'),"
                + " '', 5, 'c1', NULL, 'r1', CAST(from_iso8601_timestamp_nanos('2025-02-11T01:02:03.456789Z') AS timestamp(6) with time zone)),"
                + " ('1m', from_iso8601_timestamp('2025-02-10T12:00:00Z'), from_iso8601_timestamp('2025-02-10T13:00:00Z'),"
                + " 'cpu.', 5, 'c2', NULL, 'r1', from_iso8601_timestamp('2025-02-11T01:02:03Z')),"
                + " ('1h', from_iso8601_timestamp('2025-02-10T12:00:00Z'), from_iso8601_timestamp('2025-02-10T13:00:00Z'),"
                + " '', 5, 'c3', NULL, 'r1', from_iso8601_timestamp('2025-02-11T02:00:00Z'))");

        HttpResponse<String> created = call("POST", "/v1/backfills",
                "{\"start\":\"2025-02-10T10:20:00Z\",\"end\":\"2025-02-10T14:05:00+02:00\"}");

        assertEquals(202, created.statusCode(), created.body());
        JsonNode body = TestHttp.json(created);
        String id = body.get("id").asText();
        assertEquals(id, UUID.fromString(id).toString());
        Instant requestedAt = Instant.parse(body.get("requested_at").asText());
        assertEquals(true, Math.abs(ChronoUnit.SECONDS.between(requestedAt, Instant.now())) < 30, requestedAt.toString());
        String expected = "{\"id\":\"" + id + "\",\"state\":\"waiting\",\"runner\":\"none\",\"start\":\"2025-02-10T10:00:00Z\","
                + "\"end\":\"2025-02-10T13:00:00Z\",\"metric_prefix\":\"\",\"force\":false,\"requested_by\":\"anonymous\","
                + "\"requested_at\":\"" + requestedAt + "\"";
        assertEquals(expected + "}", body.toString());

        HttpResponse<String> got = call("GET", "/v1/backfills/" + id, null);
        assertEquals(200, got.statusCode(), got.body());
        assertEquals(expected + ",\"progress\":{\"1m\":{\"table\":\"rollup_1m\",\"partitions_total\":3,\"partitions_complete\":1,"
                + "\"partitions\":[{\"start\":\"2025-02-10T10:00:00Z\",\"end\":\"2025-02-10T11:00:00Z\",\"status\":\"pending\"},"
                + "{\"start\":\"2025-02-10T11:00:00Z\",\"end\":\"2025-02-10T12:00:00Z\",\"status\":\"complete\","
                + "\"completed_at\":\"2025-02-11T01:02:03.456789Z\"},"
                + "{\"start\":\"2025-02-10T12:00:00Z\",\"end\":\"2025-02-10T13:00:00Z\",\"status\":\"pending\"}]},"
                + "\"1h\":{\"table\":\"rollup_1h\",\"partitions_total\":3,\"partitions_complete\":1,\"partitions\":["
                + "{\"start\":\"2025-02-10T10:00:00Z\",\"end\":\"2025-02-10T11:00:00Z\",\"status\":\"pending\"},"
                + "{\"start\":\"2025-02-10T11:00:00Z\",\"end\":\"2025-02-10T12:00:00Z\",\"status\":\"pending\"},"
                + "{\"start\":\"2025-02-10T12:00:00Z\",\"end\":\"2025-02-10T13:00:00Z\",\"status\":\"complete\","
                + "\"completed_at\":\"2025-02-11T02:00:00Z\"}]}}}", got.body());
    }

    @Test
    void listShowsRecentRequestsNewestFirstWithoutProgress() throws Exception {
        List<String> ids = new ArrayList<>();
        for (String prefix : List.of("list.a", "list.b")) {
            HttpResponse<String> created = call("POST", "/v1/backfills", "{\"start\":\"2025-03-01T00:00:00Z\","
                    + "\"end\":\"2025-03-01T01:00:00Z\",\"metric_prefix\":\"" + prefix + "\",\"force\":true}");
            assertEquals(202, created.statusCode(), created.body());
            ids.add(TestHttp.json(created).get("id").asText());
        }
        HttpResponse<String> listed = call("GET", "/v1/backfills", null);
        assertEquals(200, listed.statusCode(), listed.body());
        JsonNode all = TestHttp.json(listed);
        assertEquals(List.of("backfills"), TestHttp.fieldNames(all));
        List<String> ours = new ArrayList<>();
        all.get("backfills").forEach(b -> {
            if (ids.contains(b.get("id").asText())) {
                ours.add(b.get("metric_prefix").asText() + " " + b.get("state").asText() + " " + b.has("progress"));
            }
        });
        assertEquals(List.of("list.b waiting false", "list.a waiting false"), ours);
    }

    @Test
    void badBodiesAre400NamingTheField() throws Exception {
        String future = Instant.now().plus(2, ChronoUnit.HOURS).truncatedTo(ChronoUnit.HOURS).toString();
        Map<String, String> cases = new java.util.LinkedHashMap<>();
        cases.put("{\"end\":\"2025-01-01T01:00:00Z\"}", "start|start is required (ISO-8601 with offset, e.g. 2026-01-01T00:00:00Z)");
        cases.put("{\"start\":\"2025-01-01 00:00\",\"end\":\"2025-01-01T01:00:00Z\"}",
                "start|start is not an ISO-8601 instant with offset: '2025-01-01 00:00'");
        cases.put("{\"start\":\"2025-01-01T00:00:00Z\",\"end\":1735693200}",
                "end|end must be an ISO-8601 string, e.g. 2026-01-01T00:00:00Z");
        cases.put("{\"start\":\"2025-01-01T01:00:00Z\",\"end\":\"2025-01-01T01:00:00Z\"}", "end|end must be after start");
        cases.put("{\"start\":\"2025-01-01T00:00:00Z\",\"end\":\"" + future + "\"}",
                "end|end lies beyond the current hour: nothing to recompute there yet");
        cases.put("{\"start\":\"2023-01-01T00:00:00Z\",\"end\":\"2024-02-05T00:00:01Z\"}",
                "end|the range (rounded out to whole hours) is longer than the limit of 400 days (9600 hours)");
        cases.put("{\"start\":\"2025-01-01T00:00:00Z\",\"end\":\"2025-01-01T01:00:00Z\",\"metric_prefix\":\"x'; DROP TABLE backfills--\"}",
                "metric_prefix|metric_prefix must be empty (every metric) or match [a-zA-Z_:][a-zA-Z0-9_.:-]*");
        cases.put("{\"start\":\"2025-01-01T00:00:00Z\",\"end\":\"2025-01-01T01:00:00Z\",\"force\":\"yes\"}",
                "force|force must be true or false");
        cases.put("{\"start\":\"2025-01-01T00:00:00Z\",\"end\":\"2025-01-01T01:00:00Z\",\"metricPrefix\":\"a\"}",
                "metricPrefix|unknown field 'metricPrefix'");
        cases.put("[1,2]", "body|the body must be a JSON object {start, end, metric_prefix, force}");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            HttpResponse<String> response = call("POST", "/v1/backfills", c.getKey());
            String[] expected = c.getValue().split("\\|", 2);
            assertEquals(400, response.statusCode(), c.getKey() + " -> " + response.body());
            assertEquals("{\"code\":400,\"message\":\"" + expected[1]
                    + "\",\"parameter\":\"" + expected[0] + "\"}", response.body(), c.getKey());
        }
    }

    @Test
    void unknownAndMalformedIdsAre404() throws Exception {
        String id = UUID.randomUUID().toString();
        HttpResponse<String> unknown = call("GET", "/v1/backfills/" + id, null);
        assertEquals(404, unknown.statusCode());
        assertEquals("{\"code\":404,\"message\":\"no backfill with id " + id + "\"}", unknown.body());
        HttpResponse<String> malformed = call("GET", "/v1/backfills/not-a-uuid", null);
        assertEquals(404, malformed.statusCode());
        assertEquals("{\"code\":404,\"message\":\"no backfill with id not-a-uuid\"}", malformed.body());
    }
}
