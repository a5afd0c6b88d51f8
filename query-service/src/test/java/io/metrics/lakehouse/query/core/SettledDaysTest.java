package io.metrics.lakehouse.query.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static io.metrics.lakehouse.query.core.QueryRouterTest.part;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Which days are settled, what is left for Trino, and how cached days and Trino's answer merge. */
class SettledDaysTest {

    private static QueryRequest request(String start, String end, long step, Aggregation agg) {
        return QueryRequest.builder("m").range(Instant.parse(start), Instant.parse(end)).step(Duration.ofSeconds(step))
                .agg(agg).groupBy("region").build();
    }

    private static Series series(String region, Object... tsAndValues) {
        List<Point> points = new java.util.ArrayList<>();
        for (int i = 0; i < tsAndValues.length; i += 2) {
            points.add(new Point(Instant.parse((String) tsAndValues[i]), ((Number) tsAndValues[i + 1]).doubleValue()));
        }
        return new Series(Map.of("region", region), points);
    }

    /** A 30-day panel's served parts: hourly rollups, then today's minutes, the speed layer's last hours. */
    private static final List<TierRange> SERVED = List.of(
            part(Tier.ROLLUP_1H, "2026-03-01T14:00:00Z", "2026-03-03T00:00:00Z", 7200),
            part(Tier.ROLLUP_1H, "2026-03-03T00:00:00Z", "2026-03-04T09:00:00Z", 7200),
            part(Tier.ROLLUP_1M, "2026-03-04T09:00:00Z", "2026-03-05T10:00:00Z", 7200),
            part(Tier.SPEED_1M, "2026-03-05T10:00:00Z", "2026-03-05T12:00:00Z", 7200));

    @Test
    void settledDaysAreTheWholeDaysServedByBatchRollupsOnly() {
        Duration twoHours = Duration.ofHours(2);
        assertEquals(List.of(new SettledDays.Day(Instant.parse("2026-03-02T00:00:00Z"), twoHours),
                new SettledDays.Day(Instant.parse("2026-03-03T00:00:00Z"), twoHours),
                new SettledDays.Day(Instant.parse("2026-03-04T00:00:00Z"), twoHours)), SettledDays.settledDays(SERVED));
    }

    @Test
    void aDayServedAtTwoStepsIsNotSettled() {
        // A 10 s panel over 40 days: hours beyond the minute retention, minutes after; the seam's day mixes both.
        List<TierRange> served = List.of(
                part(Tier.ROLLUP_1H, "2026-02-01T00:00:00Z", "2026-02-03T13:00:00Z", 3600),
                part(Tier.ROLLUP_1M, "2026-02-03T13:00:00Z", "2026-02-05T00:00:00Z", 60));
        assertEquals(List.of(new SettledDays.Day(Instant.parse("2026-02-01T00:00:00Z"), Duration.ofHours(1)),
                new SettledDays.Day(Instant.parse("2026-02-02T00:00:00Z"), Duration.ofHours(1)),
                new SettledDays.Day(Instant.parse("2026-02-04T00:00:00Z"), Duration.ofMinutes(1))),
                SettledDays.settledDays(served));
    }

    @Test
    void trinoIsLeftTheEdgesAndTheUnsettledHours() {
        assertEquals(List.of(
                        part(Tier.ROLLUP_1H, "2026-03-01T14:00:00Z", "2026-03-02T00:00:00Z", 7200),
                        part(Tier.ROLLUP_1M, "2026-03-05T00:00:00Z", "2026-03-05T10:00:00Z", 7200),
                        part(Tier.SPEED_1M, "2026-03-05T10:00:00Z", "2026-03-05T12:00:00Z", 7200)),
                SettledDays.without(SERVED, SettledDays.settledDays(SERVED).stream().map(SettledDays.Day::start).toList()));
    }

    @Test
    void aDayIsKeptFromOneAnswerAndServedToAnotherRangeOfTheSameShape() {
        SettledDays days = new SettledDays(Duration.ofHours(1), 1_000);
        QueryRequest first = request("2026-03-01T14:00:00Z", "2026-03-05T12:00:00Z", 7200, Aggregation.AVG);
        SettledDays.Plan cold = days.plan(first, SERVED);
        assertEquals(SERVED, cold.toRun());
        assertEquals(3, cold.toKeep().size());
        List<Series> trino = List.of(
                series("r1", "2026-03-01T22:00:00Z", 1, "2026-03-02T00:00:00Z", 2, "2026-03-03T22:00:00Z", 3,
                        "2026-03-05T10:00:00Z", 4),
                series("r2", "2026-03-05T10:00:00Z", 5));
        days.keep(first, cold, trino);

        // Two hours later: the same shape over a range shifted by a step.
        List<TierRange> later = List.of(
                part(Tier.ROLLUP_1H, "2026-03-01T16:00:00Z", "2026-03-04T09:00:00Z", 7200),
                part(Tier.ROLLUP_1M, "2026-03-04T09:00:00Z", "2026-03-05T12:00:00Z", 7200),
                part(Tier.SPEED_1M, "2026-03-05T12:00:00Z", "2026-03-05T14:00:00Z", 7200));
        QueryRequest second = request("2026-03-01T16:00:00Z", "2026-03-05T14:00:00Z", 7200, Aggregation.AVG);
        SettledDays.Plan warm = days.plan(second, later);
        assertEquals(List.of(
                        part(Tier.ROLLUP_1H, "2026-03-01T16:00:00Z", "2026-03-02T00:00:00Z", 7200),
                        part(Tier.ROLLUP_1M, "2026-03-05T00:00:00Z", "2026-03-05T12:00:00Z", 7200),
                        part(Tier.SPEED_1M, "2026-03-05T12:00:00Z", "2026-03-05T14:00:00Z", 7200)),
                warm.toRun());
        assertEquals(List.of(), warm.toKeep());
        List<Series> edges = List.of(series("r1", "2026-03-01T22:00:00Z", 10, "2026-03-05T12:00:00Z", 40),
                series("r3", "2026-03-05T12:00:00Z", 6));
        assertEquals(List.of(
                        series("r1", "2026-03-01T22:00:00Z", 10, "2026-03-02T00:00:00Z", 2, "2026-03-03T22:00:00Z", 3,
                                "2026-03-05T12:00:00Z", 40),
                        series("r3", "2026-03-05T12:00:00Z", 6)),
                SettledDays.merge(warm, edges, 10, 100));
        assertEquals(3, days.hits());
        // Held: 2026-03-02 and 2026-03-03 one group and one point each; 2026-03-04 no group.
        assertEquals(4, days.weight());
    }

    @Test
    void countersAndStepsThatDoNotDivideADayAreNotKept() {
        SettledDays days = new SettledDays(Duration.ofHours(1), 1_000);
        for (QueryRequest request : List.of(
                request("2026-03-01T14:00:00Z", "2026-03-05T12:00:00Z", 7200, Aggregation.RATE),
                request("2026-03-01T14:00:00Z", "2026-03-05T12:00:00Z", 7200, Aggregation.INCREASE),
                request("2026-03-01T14:00:00Z", "2026-03-05T12:00:00Z", 5 * 3600, Aggregation.AVG))) {
            SettledDays.Plan plan = days.plan(request, SERVED);
            assertEquals(SERVED, plan.toRun());
            assertEquals(List.of(), plan.toKeep());
        }
    }

    @Test
    void theMergedAnswerKeepsTheGuardrails() {
        SettledDays days = new SettledDays(Duration.ofHours(1), 1_000);
        QueryRequest first = request("2026-03-01T14:00:00Z", "2026-03-05T12:00:00Z", 7200, Aggregation.SUM);
        SettledDays.Plan cold = days.plan(first, SERVED);
        days.keep(first, cold, List.of(series("r1", "2026-03-02T00:00:00Z", 1, "2026-03-03T00:00:00Z", 2)));
        SettledDays.Plan warm = days.plan(first, SERVED);
        QueryException series = assertThrows(QueryException.class,
                () -> SettledDays.merge(warm, List.of(series("r2", "2026-03-05T10:00:00Z", 5)), 1, 100));
        assertEquals(QueryException.tooManySeries(1).getMessage(), series.getMessage());
        QueryException points = assertThrows(QueryException.class,
                () -> SettledDays.merge(warm, List.of(series("r1", "2026-03-05T10:00:00Z", 5)), 10, 2));
        assertEquals(QueryException.tooManyPoints(2).getMessage(), points.getMessage());
    }
}
