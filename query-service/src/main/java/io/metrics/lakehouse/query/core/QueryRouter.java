package io.metrics.lakehouse.query.core;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
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
    private final Clock clock;

    public QueryRouter(Duration rawRetention, Duration minuteRetention, Clock clock) {
        if (rawRetention.compareTo(minuteRetention) > 0) {
            throw new IllegalArgumentException("rawRetention must not exceed minuteRetention");
        }
        this.rawRetention = rawRetention;
        this.minuteRetention = minuteRetention;
        this.clock = clock;
    }

    /**
     * The parts of the request by tier, oldest first; the 1-minute tier is named {@link Tier#ROLLUP_1M}
     * here and split into authoritative and speed hours by {@link #lambdaMerge}.
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
     * The Lambda merge of the 1-minute tier: hours whose batch partition is logged complete come from
     * {@code rollup_1m}, every other hour from {@code speed_rollup_1m}. Each minute is served by
     * exactly one table: no double counting, no hole at the seam.
     */
    public static List<TierRange> lambdaMerge(List<TierRange> parts, Set<Instant> completeHours) {
        List<TierRange> merged = new ArrayList<>();
        for (TierRange part : parts) {
            if (part.tier() != Tier.ROLLUP_1M) {
                merged.add(part);
                continue;
            }
            Instant runStart = part.start();
            Tier runTier = null;
            for (Instant hour = part.start().truncatedTo(ChronoUnit.HOURS); hour.isBefore(part.end());
                    hour = hour.plus(1, ChronoUnit.HOURS)) {
                Tier tier = completeHours.contains(hour) ? Tier.ROLLUP_1M : Tier.SPEED_1M;
                Instant from = hour.isBefore(part.start()) ? part.start() : hour;
                if (runTier != null && tier != runTier) {
                    merged.add(new TierRange(runTier, runStart, from, part.step()));
                    runStart = from;
                }
                runTier = tier;
            }
            merged.add(new TierRange(runTier, runStart, part.end(), part.step()));
        }
        return merged;
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
