package io.metrics.lakehouse.query.recent;

import io.metrics.lakehouse.query.core.QueryRequest;
import io.metrics.lakehouse.query.core.Series;
import io.metrics.lakehouse.query.core.Tier;
import io.metrics.lakehouse.query.core.TierRange;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The query engine's view of the recent window: which part of a routed query it answers, and the
 * answer. Every tier below the hourly one is derived from the same raw points (speed and batch
 * minutes are folds of them), so the window can stand in for raw, {@code speed_rollup_1m} and
 * {@code rollup_1m} parts alike.
 */
public final class RecentWindow {

    private static final RecentWindow OFF = new RecentWindow(null);

    private final RecentPoints points;

    /**
     * A query cut at a step boundary: {@code older} for Trino (may be empty), {@code recent} for the
     * window. Every bucket lies on one side, so the two answers concatenate.
     */
    public record Split(List<TierRange> older, List<TierRange> recent) {
    }

    public RecentWindow(RecentPoints points) {
        this.points = points;
    }

    /** No window: every query runs on Trino. */
    public static RecentWindow off() {
        return OFF;
    }

    /**
     * The part of {@code parts} the window answers: all of them when it covers their start; else, when
     * they end inside it, the buckets from the first boundary of every step in play inside the window
     * on. Empty when it answers none. Counters ({@code rate}, {@code increase}) are not cut: the
     * increase at the first point after the cut depends on the point before it.
     */
    public Optional<Split> split(QueryRequest request, List<TierRange> parts) {
        if (points == null || parts.isEmpty()) {
            return Optional.empty();
        }
        Optional<Instant> covered = points.coveredFrom();
        if (covered.isEmpty()) {
            return Optional.empty();
        }
        Instant oldest = covered.get();
        if (!parts.get(0).start().isBefore(oldest)) {
            return Optional.of(new Split(List.of(), parts));
        }
        Instant end = parts.get(parts.size() - 1).end();
        if (request.agg().isCounter()) {
            return Optional.empty();
        }
        // Allowed steps divide each other: a multiple of the largest is a boundary of every part.
        long step = parts.stream().map(TierRange::step).max(Duration::compareTo).orElseThrow().toSeconds();
        Instant cut = Instant.ofEpochSecond(Math.floorDiv(oldest.getEpochSecond() + step - 1, step) * step);
        if (!cut.isBefore(end)) {
            return Optional.empty();
        }
        List<TierRange> older = new ArrayList<>();
        List<TierRange> recent = new ArrayList<>();
        for (TierRange part : parts) {
            if (!part.end().isAfter(cut)) {
                older.add(part);
            } else if (!part.start().isBefore(cut)) {
                recent.add(part);
            } else {
                older.add(new TierRange(part.tier(), part.start(), cut, part.step()));
                recent.add(new TierRange(part.tier(), cut, part.end(), part.step()));
            }
        }
        if (recent.stream().anyMatch(p -> p.tier() == Tier.ROLLUP_1H)) {
            return Optional.empty();
        }
        return Optional.of(new Split(older, recent));
    }

    /** The answer for parts {@link #split} gave as {@code recent}. */
    public List<Series> answer(QueryRequest request, List<TierRange> recent, int maxSeries, long maxPoints) {
        return new WindowQuery(request, recent).run(points.series(request.metric()), maxSeries, maxPoints);
    }
}
