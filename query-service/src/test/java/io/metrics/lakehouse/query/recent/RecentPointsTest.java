package io.metrics.lakehouse.query.recent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.metrics.lakehouse.query.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What the window claims to cover, and what it keeps: retention, lag, replay start, overflow, dedup. */
class RecentPointsTest {

    private static final Instant START = Instant.parse("2026-11-26T12:00:00Z");
    private static final Map<String, String> TAGS = Map.of("host", "a");

    private final MutableClock clock = new MutableClock(START);
    private final RecentPoints points = new RecentPoints(Duration.ofHours(2), Duration.ofSeconds(5), 5, clock);

    @Test
    void coversNothingBeforeTheReplayHasStartedAndReachedTheEnd() {
        assertFalse(points.covers(START.minusSeconds(60)), "no replay yet");
        points.coverFrom(START.minus(Duration.ofHours(2)));
        assertFalse(points.covers(START.minusSeconds(60)), "not at the end of the topic yet");
        points.syncedAt(START);
        assertTrue(points.covers(START.minusSeconds(60)));
        assertTrue(points.covers(START.minus(Duration.ofHours(2))));
        assertFalse(points.covers(START.minus(Duration.ofHours(2)).minusMillis(1)), "before the replay's guarantee");
    }

    @Test
    void stopsCoveringWhenTheConsumerLagsAndWhenTheRangeLeavesTheRetention() {
        points.coverFrom(START.minus(Duration.ofHours(1)));
        points.syncedAt(START);
        clock.advance(Duration.ofSeconds(5));
        assertTrue(points.covers(START.minusSeconds(60)));
        clock.advance(Duration.ofMillis(1));
        assertFalse(points.covers(START.minusSeconds(60)), "last at the end of the topic more than maxLag ago");
        points.syncedAt(clock.instant());
        assertTrue(points.covers(START.minusSeconds(60)));
        clock.advance(Duration.ofHours(2));
        points.syncedAt(clock.instant());
        assertFalse(points.covers(START.minusSeconds(60)), "older than the retention");
        assertTrue(points.covers(clock.instant().minus(Duration.ofHours(2))));
    }

    @Test
    void keepsTheFirstWriteOfAnInstantInTimeOrderAndEvictsPastTheRetention() {
        long t = START.toEpochMilli();
        assertTrue(points.add("m", 1, TAGS, t + 2000, 3));
        assertTrue(points.add("m", 1, TAGS, t, 1));
        assertTrue(points.add("m", 1, TAGS, t + 1000, 2));
        assertFalse(points.add("m", 1, TAGS, t + 1000, 99), "the first write of (series, ts) wins");
        assertEquals(3, points.pointCount());
        assertEquals(1, points.duplicateCount());
        assertEquals(List.of(1.0, 2.0, 3.0), values(t, t + 3000));
        assertEquals(List.of(2.0), values(t + 1000, t + 2000));

        clock.advance(Duration.ofHours(2).plus(RecentPoints.EVICTION_SLACK).plusMillis(1001));
        points.evict();
        assertEquals(List.of(3.0), values(t, t + 3000));
        assertEquals(1, points.pointCount());
        clock.advance(Duration.ofSeconds(1));
        points.evict();
        assertEquals(0, points.pointCount());
        assertEquals(0, points.seriesCount());
    }

    @Test
    void stopsServingOnceFull() {
        points.coverFrom(START.minus(Duration.ofHours(1)));
        points.syncedAt(START);
        for (int i = 0; i < 5; i++) {
            assertTrue(points.add("m", i, TAGS, START.toEpochMilli(), i));
        }
        assertTrue(points.covers(START));
        assertFalse(points.add("m", 9, TAGS, START.toEpochMilli(), 9), "maxPoints reached");
        assertTrue(points.overflowed());
        assertFalse(points.covers(START), "a full window has lost points: Trino answers");
    }

    private List<Double> values(long from, long to) {
        List<Double> values = new ArrayList<>();
        points.series("m").get(1L).visit(from, to, (ts, value) -> values.add(value));
        return values;
    }
}
