package io.metrics.lakehouse.query.core;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Picks the tiers of a query from its range and step: raw for steps under a minute within the raw
 * retention, the 1-minute tier within the minute retention, {@code rollup_1h} beyond. A range that
 * straddles a boundary is split; every part runs in the same SQL statement, so parts merge into one
 * set of buckets.
 *
 * <p>Each tier's step is at least its resolution (raw keeps the requested step, minutes at least
 * 60 s, hours at least 3600 s), so an old part of a fine-step query comes back coarser: the
 * response's {@code tiers} say which part came at which step. Boundaries are moved to a multiple of
 * the largest step in play (later, never earlier, so a tier is never asked past its retention),
 * and allowed steps divide each other, so no bucket straddles two tiers.
 */
public final class QueryRouter {

    private final Duration rawRetention;
    private final Duration minuteRetention;
    private final Duration speedRetention;
    private final Clock clock;

    public QueryRouter(Duration rawRetention, Duration minuteRetention, Duration speedRetention, Clock clock) {
        if (rawRetention.compareTo(minuteRetention) > 0) {
            throw new IllegalArgumentException("rawRetention must not exceed minuteRetention");
        }
        this.rawRetention = rawRetention;
        this.minuteRetention = minuteRetention;
        this.speedRetention = speedRetention;
        this.clock = clock;
    }

    /**
     * The parts of the request by tier, oldest first; the rollup tiers are split into the tables that
     * serve them, hour by hour, by {@link #serve}.
     */
    public List<TierRange> split(QueryRequest request) {
        long now = clock.instant().getEpochSecond();
        long step = request.step().toSeconds();
        long rawStep = step;
        long minuteStep = Math.max(step, Tier.ROLLUP_1M.resolutionSeconds());
        long hourStep = Math.max(step, Tier.ROLLUP_1H.resolutionSeconds());
        if (hourStep % 3600 != 0) {
            hourStep = (hourStep + 3599) / 3600 * 3600;
        }
        long start = request.start().getEpochSecond();
        long end = ceilSeconds(request.end());
        long rawFloor = now - rawRetention.toSeconds();
        long minuteFloor = now - minuteRetention.toSeconds();

        boolean wantRaw = step < Tier.ROLLUP_1M.resolutionSeconds();
        boolean hasHour = start < minuteFloor;
        boolean hasRaw = wantRaw && end > rawFloor;
        boolean hasMinute = end > minuteFloor && (!wantRaw || start < rawFloor);

        long align = hasHour ? hourStep : hasMinute ? minuteStep : rawStep;
        long newestStep = hasRaw ? rawStep : hasMinute ? minuteStep : hourStep;
        long alignedStart = Math.floorDiv(start, align) * align;
        long alignedEnd = ceilTo(end, newestStep);
        // Absent older tiers must not get a sliver created by the alignment of the start.
        long minuteBoundary = hasHour ? ceilTo(minuteFloor, align) : Long.MIN_VALUE;
        long rawBoundary = !wantRaw ? Long.MAX_VALUE : (hasHour || hasMinute) ? ceilTo(rawFloor, align) : Long.MIN_VALUE;

        List<TierRange> parts = new ArrayList<>();
        add(parts, Tier.ROLLUP_1H, alignedStart, Math.min(alignedEnd, minuteBoundary), hourStep);
        add(parts, Tier.ROLLUP_1M, Math.max(alignedStart, minuteBoundary), Math.min(alignedEnd, rawBoundary), minuteStep);
        add(parts, Tier.RAW, Math.max(alignedStart, rawBoundary), alignedEnd, rawStep);
        return parts;
    }

    /**
     * The completion-log partitions {@link #serve} consults for these parts: every hour of the
     * 1-minute tier, and for steps of an hour or more the same hour of {@code rollup_1h}.
     */
    public Set<LogPartition> logPartitions(List<TierRange> parts) {
        Set<LogPartition> partitions = new LinkedHashSet<>();
        for (TierRange part : parts) {
            if (part.tier() != Tier.ROLLUP_1M) {
                continue;
            }
            for (Instant hour = part.start().truncatedTo(ChronoUnit.HOURS); hour.isBefore(part.end());
                    hour = hour.plus(1, ChronoUnit.HOURS)) {
                partitions.add(LogPartition.rollup1m(hour));
                if (servesHours(part)) {
                    partitions.add(LogPartition.rollup1h(hour));
                }
            }
        }
        return partitions;
    }

    /**
     * The tables serving the 1-minute tier, hour by hour (each minute from exactly one table: no
     * double counting, no hole at a seam):
     * <ol>
     * <li>steps of an hour or more: {@code rollup_1h} for hours logged complete at granularity 1h (today's
     * completed hours too: the batch logs each hour, so a 30-day panel reads 1/60 of the rows for them);</li>
     * <li>{@code rollup_1m} for hours logged complete at granularity 1m (the Lambda merge);</li>
     * <li>{@code speed_rollup_1m} for the other hours within the speed layer's retention;</li>
     * <li>older ones, which the speed layer has dropped, from {@code raw_points} within its retention;</li>
     * <li>beyond that {@code speed_rollup_1m}, as before: empty by then, a hole until the batch logs the hour.</li>
     * </ol>
     * Raw parts pass through, and so do {@code rollup_1h} parts: beyond the minute retention
     * {@code rollup_1m} is gone, so the hourly rows are all there is, logged complete or not.
     */
    public List<TierRange> serve(List<TierRange> parts, Set<LogPartition> complete) {
        long now = clock.instant().getEpochSecond();
        Instant speedFloor = Instant.ofEpochSecond(now - speedRetention.toSeconds());
        Instant rawFloor = Instant.ofEpochSecond(now - rawRetention.toSeconds());
        List<TierRange> served = new ArrayList<>();
        for (TierRange part : parts) {
            if (part.tier() != Tier.ROLLUP_1M) {
                served.add(part);
                continue;
            }
            Instant runStart = part.start();
            Tier runTier = null;
            for (Instant hour = part.start().truncatedTo(ChronoUnit.HOURS); hour.isBefore(part.end());
                    hour = hour.plus(1, ChronoUnit.HOURS)) {
                Tier tier;
                if (servesHours(part) && complete.contains(LogPartition.rollup1h(hour))) {
                    tier = Tier.ROLLUP_1H;
                } else if (complete.contains(LogPartition.rollup1m(hour))) {
                    tier = Tier.ROLLUP_1M;
                } else if (!hour.isBefore(speedFloor)) {
                    tier = Tier.SPEED_1M;
                } else if (!hour.isBefore(rawFloor)) {
                    tier = Tier.RAW;
                } else {
                    // Past every retention that could fill it: the speed table, as before (a hole
                    // only the batch can fill, by logging the hour complete).
                    tier = Tier.SPEED_1M;
                }
                Instant from = hour.isBefore(part.start()) ? part.start() : hour;
                if (runTier != null && tier != runTier) {
                    served.add(new TierRange(runTier, runStart, from, part.step()));
                    runStart = from;
                }
                runTier = tier;
            }
            served.add(new TierRange(runTier, runStart, part.end(), part.step()));
        }
        return served;
    }

    /** Hour rows fit a part whose step is whole hours (every allowed step of an hour or more is). */
    private static boolean servesHours(TierRange part) {
        return part.step().toSeconds() % Tier.ROLLUP_1H.resolutionSeconds() == 0;
    }

    private static void add(List<TierRange> parts, Tier tier, long from, long to, long step) {
        if (from < to) {
            parts.add(new TierRange(tier, Instant.ofEpochSecond(from), Instant.ofEpochSecond(to), Duration.ofSeconds(step)));
        }
    }

    private static long ceilTo(long value, long multiple) {
        return Math.floorDiv(value + multiple - 1, multiple) * multiple;
    }

    private static long ceilSeconds(Instant instant) {
        return instant.getNano() == 0 ? instant.getEpochSecond() : instant.getEpochSecond() + 1;
    }
}
