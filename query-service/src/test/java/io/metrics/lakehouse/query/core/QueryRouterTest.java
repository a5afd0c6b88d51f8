package io.metrics.lakehouse.query.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The router on a fixed clock: tier choice, boundary alignment, the Lambda merge. */
class QueryRouterTest {

    private static final Instant NOW = Instant.parse("2026-03-31T12:34:56Z");
    private final QueryRouter router = new QueryRouter(Duration.ofDays(7), Duration.ofDays(30),
            Duration.ofDays(2), Clock.fixed(NOW, ZoneOffset.UTC));

    private static QueryRequest request(String start, String end, Duration step) {
        return QueryRequest.builder("m").range(Instant.parse(start), Instant.parse(end)).step(step).build();
    }

    /** A tier part from ISO instants and a step in seconds (also used by SettledDaysTest). */
    static TierRange part(Tier tier, String start, String end, long step) {
        return new TierRange(tier, Instant.parse(start), Instant.parse(end), Duration.ofSeconds(step));
    }

    @Test
    void lastHourAtTenSecondsIsRaw() {
        assertEquals(List.of(part(Tier.RAW, "2026-03-31T11:34:50Z", "2026-03-31T12:35:00Z", 10)),
                router.split(request("2026-03-31T11:34:56Z", "2026-03-31T12:34:56Z", Duration.ofSeconds(10))));
    }

    @Test
    void aMinuteStepNeverReadsRaw() {
        assertEquals(List.of(part(Tier.ROLLUP_1M, "2026-03-31T11:34:00Z", "2026-03-31T12:35:00Z", 60)),
                router.split(request("2026-03-31T11:34:56Z", "2026-03-31T12:34:56Z", Duration.ofMinutes(1))));
    }

    @Test
    void aRangeOverBothBoundariesIsSplitInThreeAlignedToTheHour() {
        // Raw edge 2026-03-24T12:34:56Z, minute edge 2026-03-01T12:34:56Z: moved later to whole hours.
        assertEquals(List.of(
                        part(Tier.ROLLUP_1H, "2026-02-28T00:00:00Z", "2026-03-01T13:00:00Z", 3600),
                        part(Tier.ROLLUP_1M, "2026-03-01T13:00:00Z", "2026-03-24T13:00:00Z", 60),
                        part(Tier.RAW, "2026-03-24T13:00:00Z", "2026-03-31T12:35:00Z", 30)),
                router.split(request("2026-02-28T00:00:00Z", "2026-03-31T12:34:56Z", Duration.ofSeconds(30))));
    }

    private static Set<LogPartition> minuteHours(String... hours) {
        Set<LogPartition> partitions = new java.util.HashSet<>();
        for (String hour : hours) {
            partitions.add(LogPartition.rollup1m(Instant.parse(hour)));
        }
        return partitions;
    }

    @Test
    void lambdaMergeServesLoggedHoursFromRollupAndTheOthersFromTheSpeedLayer() {
        List<TierRange> parts = List.of(part(Tier.ROLLUP_1M, "2026-03-31T08:30:00Z", "2026-03-31T12:00:00Z", 60));
        assertEquals(List.of(LogPartition.rollup1m(Instant.parse("2026-03-31T08:00:00Z")),
                LogPartition.rollup1m(Instant.parse("2026-03-31T09:00:00Z")),
                LogPartition.rollup1m(Instant.parse("2026-03-31T10:00:00Z")),
                LogPartition.rollup1m(Instant.parse("2026-03-31T11:00:00Z"))), List.copyOf(router.logPartitions(parts)));
        assertEquals(List.of(
                        part(Tier.ROLLUP_1M, "2026-03-31T08:30:00Z", "2026-03-31T10:00:00Z", 60),
                        part(Tier.SPEED_1M, "2026-03-31T10:00:00Z", "2026-03-31T11:00:00Z", 60),
                        part(Tier.ROLLUP_1M, "2026-03-31T11:00:00Z", "2026-03-31T12:00:00Z", 60)),
                router.serve(parts, minuteHours("2026-03-31T08:00:00Z", "2026-03-31T09:00:00Z", "2026-03-31T11:00:00Z")));
    }

    @Test
    void hourStepsReadHoursLoggedCompleteAt1hFromTheHourlyRollupAndIncompleteOldHoursFromRaw() {
        // Speed floor 2026-03-29T12:34:56Z: the hour 12:00 that day is partly gone from the speed layer.
        List<TierRange> parts = List.of(part(Tier.ROLLUP_1M, "2026-03-28T20:00:00Z", "2026-03-29T16:00:00Z", 7200));
        Set<LogPartition> complete = minuteHours("2026-03-28T20:00:00Z", "2026-03-29T10:00:00Z", "2026-03-29T11:00:00Z");
        for (String hour : List.of("2026-03-28T20:00:00Z", "2026-03-28T21:00:00Z", "2026-03-28T22:00:00Z",
                "2026-03-28T23:00:00Z", "2026-03-29T10:00:00Z")) {
            complete.add(LogPartition.rollup1h(Instant.parse(hour)));
        }
        assertEquals(List.of(
                        part(Tier.ROLLUP_1H, "2026-03-28T20:00:00Z", "2026-03-29T00:00:00Z", 7200),
                        part(Tier.RAW, "2026-03-29T00:00:00Z", "2026-03-29T10:00:00Z", 7200),
                        part(Tier.ROLLUP_1H, "2026-03-29T10:00:00Z", "2026-03-29T11:00:00Z", 7200),
                        part(Tier.ROLLUP_1M, "2026-03-29T11:00:00Z", "2026-03-29T12:00:00Z", 7200),
                        part(Tier.RAW, "2026-03-29T12:00:00Z", "2026-03-29T13:00:00Z", 7200),
                        part(Tier.SPEED_1M, "2026-03-29T13:00:00Z", "2026-03-29T16:00:00Z", 7200)),
                router.serve(parts, complete));
        assertEquals(20 * 2, router.logPartitions(parts).size(), "20 hours, each at 1m and at 1h");
        // Past the raw retention (2026-03-24T12:34:56Z) nothing can fill an incomplete hour: speed, as before.
        List<TierRange> old = List.of(part(Tier.ROLLUP_1M, "2026-03-20T00:00:00Z", "2026-03-20T02:00:00Z", 60));
        assertEquals(List.of(part(Tier.ROLLUP_1M, "2026-03-20T00:00:00Z", "2026-03-20T01:00:00Z", 60),
                        part(Tier.SPEED_1M, "2026-03-20T01:00:00Z", "2026-03-20T02:00:00Z", 60)),
                router.serve(old, minuteHours("2026-03-20T00:00:00Z")));
    }
}
