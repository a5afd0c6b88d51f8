package io.metrics.lakehouse.query.core;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * Answers of whole UTC days that no longer change, kept for {@code ttl}, so that a long panel (30
 * days, refreshed every few seconds, opened by many) costs Trino only its edges: the partial first
 * day and the days not settled yet.
 *
 * <p>A day is settled when every hour of it is served by a batch rollup ({@code rollup_1h}, or
 * {@code rollup_1m} logged complete): those rows change only when a forced backfill rewrites them, and
 * the TTL bounds how long an answer can lag behind such a rewrite (as it does for the completion
 * log's answers). The answer of a day is the request restricted to that day; it is the same whatever
 * range it was asked as part of, because a bucket never straddles midnight (the step divides a day)
 * and nothing carries over between buckets (counters' {@code rate}/{@code increase} do, and are not
 * kept). A group with no point in a day is not kept for that day.
 */
public final class SettledDays {

    private static final long DAY_SECONDS = 86_400;

    private final Cache<DayKey, List<Series>> days;
    private final boolean enabled;

    public SettledDays(Duration ttl, long maxPoints) {
        this.enabled = !ttl.isZero() && maxPoints > 0;
        this.days = Caffeine.newBuilder()
                .expireAfterWrite(enabled ? ttl : Duration.ofSeconds(1))
                .maximumWeight(Math.max(1, maxPoints))
                .<DayKey, List<Series>>weigher((day, series) -> series.size()
                        + series.stream().mapToInt(s -> s.points().size()).sum())
                .recordStats()
                .build();
    }

    /**
     * A settled day of a query's shape: the request restricted to the day, and the step its buckets
     * come at (a tier's resolution can make it coarser than the request's: a day older than the
     * minute retention comes at an hour).
     */
    private record DayKey(QueryRequest day, Duration step) {
    }

    /** A settled day of the served parts, and the step all of them serve it at. */
    public record Day(Instant start, Duration step) {
    }

    /** What to read from Trino, and which settled days come from the cache or go into it. */
    public record Plan(List<TierRange> toRun, List<List<Series>> cached, List<Day> toKeep) {
    }

    public Plan plan(QueryRequest request, List<TierRange> served) {
        if (!applies(request)) {
            return new Plan(served, List.of(), List.of());
        }
        List<Day> settled = settledDays(served);
        List<List<Series>> cached = new ArrayList<>();
        List<Instant> hit = new ArrayList<>();
        List<Day> toKeep = new ArrayList<>();
        for (Day day : settled) {
            List<Series> answer = days.getIfPresent(key(request, day));
            if (answer != null) {
                cached.add(answer);
                hit.add(day.start());
            } else {
                toKeep.add(day);
            }
        }
        return new Plan(without(served, hit), cached, toKeep);
    }

    /** Keeps the days of {@code plan.toKeep()} from Trino's answer to {@code plan.toRun()}. */
    public void keep(QueryRequest request, Plan plan, List<Series> answer) {
        for (Day day : plan.toKeep()) {
            Instant end = day.start().plusSeconds(DAY_SECONDS);
            List<Series> ofDay = new ArrayList<>();
            for (Series series : answer) {
                List<Point> points = series.points().stream()
                        .filter(p -> !p.ts().isBefore(day.start()) && p.ts().isBefore(end)).toList();
                if (!points.isEmpty()) {
                    ofDay.add(new Series(series.tags(), points));
                }
            }
            days.put(key(request, day), List.copyOf(ofDay));
        }
    }

    /** One answer from the cached days and Trino's (their buckets do not overlap). */
    public static List<Series> merge(Plan plan, List<Series> answer, int maxSeries, long maxPoints) {
        if (plan.cached().isEmpty()) {
            return answer;
        }
        List<List<Series>> parts = new ArrayList<>(plan.cached());
        parts.add(answer);
        return Series.merge(parts, maxSeries, maxPoints);
    }

    public long hits() {
        return days.stats().hitCount();
    }

    public long misses() {
        return days.stats().missCount();
    }

    /** Points (and groups) held. */
    public long weight() {
        // Caffeine updates the weight in its maintenance, which runs asynchronously after a write.
        days.cleanUp();
        return days.policy().eviction().map(e -> e.weightedSize().orElse(0)).orElse(0L);
    }

    private boolean applies(QueryRequest request) {
        long step = request.step().toSeconds();
        return enabled && !request.agg().isCounter() && step <= DAY_SECONDS && DAY_SECONDS % step == 0;
    }

    /**
     * The UTC days lying wholly inside the served parts (which are in time order and contiguous), each
     * served by batch rollups only, at one step.
     */
    static List<Day> settledDays(List<TierRange> served) {
        List<Day> settled = new ArrayList<>();
        if (served.isEmpty()) {
            return settled;
        }
        Instant first = ceilToDay(served.get(0).start());
        Instant end = served.get(served.size() - 1).end();
        for (Instant day = first; !day.plusSeconds(DAY_SECONDS).isAfter(end); day = day.plusSeconds(DAY_SECONDS)) {
            Instant dayEnd = day.plusSeconds(DAY_SECONDS);
            Duration step = null;
            boolean settledDay = true;
            for (TierRange part : served) {
                if (!part.start().isBefore(dayEnd) || !day.isBefore(part.end())) {
                    continue;
                }
                boolean batch = part.tier() == Tier.ROLLUP_1H || part.tier() == Tier.ROLLUP_1M;
                if (!batch || (step != null && !step.equals(part.step()))) {
                    settledDay = false;
                    break;
                }
                step = part.step();
            }
            if (settledDay) {
                settled.add(new Day(day, step));
            }
        }
        return settled;
    }

    /** The parts without the given whole days (each part cut around them). */
    static List<TierRange> without(List<TierRange> parts, List<Instant> days) {
        List<TierRange> left = new ArrayList<>(parts);
        for (Instant day : days) {
            Instant dayEnd = day.plusSeconds(DAY_SECONDS);
            List<TierRange> next = new ArrayList<>();
            for (TierRange part : left) {
                if (part.start().isBefore(day)) {
                    next.add(new TierRange(part.tier(), part.start(), min(part.end(), day), part.step()));
                }
                if (part.end().isAfter(dayEnd)) {
                    next.add(new TierRange(part.tier(), max(part.start(), dayEnd), part.end(), part.step()));
                }
            }
            left = next;
        }
        return left;
    }

    private static DayKey key(QueryRequest request, Day day) {
        return new DayKey(request.withRange(day.start(), day.start().plusSeconds(DAY_SECONDS)), day.step());
    }

    private static Instant ceilToDay(Instant instant) {
        Instant floor = instant.truncatedTo(ChronoUnit.DAYS);
        return floor.equals(instant) ? floor : floor.plusSeconds(DAY_SECONDS);
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
