package io.metrics.lakehouse.query;

import static io.metrics.lakehouse.query.QueryApiTest.get;
import static io.metrics.lakehouse.query.QueryApiTest.q;
import static io.metrics.lakehouse.query.QueryApiTest.series;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.DropwizardTestSupport;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.metrics.lakehouse.local.LocalStackExtension;
import io.metrics.lakehouse.local.StackEndpoints;
import io.metrics.lakehouse.query.testing.StackData;
import io.metrics.lakehouse.query.testing.StackData.P;
import io.metrics.lakehouse.service.testing.TestHttp;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Settled days on the real stack: the answer of a whole day served by logged-complete hourly rollups
 * is reused by later queries of the same shape over other ranges, so a row written into that day
 * afterwards (what only a forced backfill does) shows in a service without the cache and not, until
 * the TTL, in one with it. (Counters, which are never reused, are in SettledDaysTest.)
 */
@ExtendWith({LocalStackExtension.class, DropwizardExtensionsSupport.class})
class SettledDaysApiTest {

    private static final StackEndpoints STACK = LocalStackExtension.endpoints();
    /** Two whole UTC days ten and nine days ago: inside the minute retention, older than raw's 7 days. */
    private static final Instant DAY1 = Instant.now().truncatedTo(ChronoUnit.DAYS).minus(10, ChronoUnit.DAYS);
    private static final Instant DAY2 = DAY1.plus(1, ChronoUnit.DAYS);
    private static final Map<String, String> A = Map.of("host", "a", "region", "r1");
    private static final Map<String, String> B = Map.of("host", "b", "region", "r2");

    static final DropwizardAppExtension<QueryServiceConfiguration> APP = new DropwizardAppExtension<>(
            QueryServiceApplication.class, "config/local.yml", "dw-settled.", QueryApiTest.overrides("dw-settled.", Map.of()));

    private static JsonNode ok(int port, String path) throws Exception {
        HttpResponse<String> response = get(port, path, null);
        assertEquals(200, response.statusCode(), response.body());
        return TestHttp.json(response);
    }

    /** A 2 h-step panel from {@code start} to the end of DAY2, summed per region. */
    private static String panel(Instant start, String agg) {
        return q("metric", "it.settled", "start", start.toString(), "end", DAY2.plus(1, ChronoUnit.DAYS).toString(),
                "step", "2h", "agg", agg, "group_by", "region");
    }

    private static List<Double> pt(Instant ts, double value) {
        return List.of((double) ts.toEpochMilli(), value);
    }

    @Test
    void aSettledDayIsReadOnceAndReusedByLaterRangesOfTheSameShape() throws Exception {
        StackData data = new StackData(STACK);
        data.insertRollup("rollup_1h", "it.settled", "gauge", List.of(
                new P(A, DAY1.plus(1, ChronoUnit.HOURS), 1), new P(A, DAY1.plus(2, ChronoUnit.HOURS), 2),
                new P(B, DAY1.plus(5, ChronoUnit.HOURS), 10), new P(A, DAY2.plus(23, ChronoUnit.HOURS), 7)));
        data.logComplete("1h", DAY1, DAY2.plus(1, ChronoUnit.DAYS), "it.settled");

        JsonNode first = ok(APP.getLocalPort(), panel(DAY1.minus(2, ChronoUnit.HOURS), "sum"));
        Map<String, List<List<Double>>> expected = Map.of(
                "{\"region\":\"r1\"}", List.of(pt(DAY1, 1), pt(DAY1.plus(2, ChronoUnit.HOURS), 2),
                        pt(DAY2.plus(22, ChronoUnit.HOURS), 7)),
                "{\"region\":\"r2\"}", List.of(pt(DAY1.plus(4, ChronoUnit.HOURS), 10)));
        assertEquals(expected, series(first));
        String prometheus = TestHttp.get(APP.getAdminPort(), "/metrics/prometheus").body();
        assertTrue(prometheus.contains("query_settled_days_misses 2.0"), prometheus);

        // Afterwards a row lands in DAY1 (a forced backfill's rewrite would be like this).
        data.insertRollup("rollup_1h", "it.settled", "gauge", List.of(new P(B, DAY1.plus(5, ChronoUnit.HOURS), 100)));

        // The same shape over another range: both days come from the cache, DAY1 as it was.
        JsonNode second = ok(APP.getLocalPort(), panel(DAY1.minus(4, ChronoUnit.HOURS), "sum"));
        assertEquals(expected, series(second));
        assertEquals(first.get("tiers").get(first.get("tiers").size() - 1), second.get("tiers").get(second.get("tiers").size() - 1));
        prometheus = TestHttp.get(APP.getAdminPort(), "/metrics/prometheus").body();
        assertTrue(prometheus.contains("query_settled_days_hits 2.0"), prometheus);

        // Another aggregation is another shape: read from Trino, with the new row.
        JsonNode max = ok(APP.getLocalPort(), panel(DAY1.minus(2, ChronoUnit.HOURS), "max"));
        assertEquals(Map.of(
                "{\"region\":\"r1\"}", List.of(pt(DAY1, 1), pt(DAY1.plus(2, ChronoUnit.HOURS), 2),
                        pt(DAY2.plus(22, ChronoUnit.HOURS), 7)),
                "{\"region\":\"r2\"}", List.of(pt(DAY1.plus(4, ChronoUnit.HOURS), 100))), series(max));

        // Without the cache the row shows at once.
        String prefix = "dw-unsettled.";
        DropwizardTestSupport<QueryServiceConfiguration> uncached = QueryApiTest.localApp(prefix, Map.of(
                "query.settledDayTtl", "0s"));
        uncached.before();
        try {
            assertEquals(Map.of(
                    "{\"region\":\"r1\"}", List.of(pt(DAY1, 1), pt(DAY1.plus(2, ChronoUnit.HOURS), 2),
                            pt(DAY2.plus(22, ChronoUnit.HOURS), 7)),
                    "{\"region\":\"r2\"}", List.of(pt(DAY1.plus(4, ChronoUnit.HOURS), 110))),
                    series(ok(uncached.getLocalPort(), panel(DAY1.minus(4, ChronoUnit.HOURS), "sum"))));
        } finally {
            uncached.after();
        }
    }
}
