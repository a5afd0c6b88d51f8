package io.metrics.lakehouse.query.recent;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The window's points by metric and series, and what they cover: a range {@code [from, ...)} can be
 * answered from here when
 * <ul>
 *   <li>{@code from} is inside the retention and after the first instant the replay guarantees (a
 *       point with that timestamp was published after the replay's start);</li>
 *   <li>the consumer was at the end of the topic at most {@code maxLag} ago (every point acknowledged
 *       before then is in);</li>
 *   <li>the window never overflowed {@code maxPoints} (then it stops serving until restarted).</li>
 * </ul>
 */
public final class RecentPoints {

    private static final Logger LOG = LoggerFactory.getLogger(RecentPoints.class);
    /**
     * Points are kept this much past the retention: a query admitted at the edge of the window must
     * not lose its oldest points to an eviction that runs while it reads.
     */
    static final Duration EVICTION_SLACK = Duration.ofMinutes(1);

    private final ConcurrentHashMap<String, ConcurrentHashMap<Long, SeriesBuffer>> metrics = new ConcurrentHashMap<>();
    private final AtomicLong points = new AtomicLong();
    private final AtomicLong duplicates = new AtomicLong();
    private final long maxPoints;
    private final Duration retention;
    private final Duration maxLag;
    private final Clock clock;
    private volatile long coveredFromMillis = Long.MAX_VALUE;
    private volatile long syncedAtMillis = Long.MIN_VALUE;
    private volatile boolean overflowed;

    public RecentPoints(Duration retention, Duration maxLag, long maxPoints, Clock clock) {
        this.retention = retention;
        this.maxLag = maxLag;
        this.maxPoints = maxPoints;
        this.clock = clock;
    }

    /** Adds a point; false for a duplicate (series, timestamp) or once the window has overflowed. */
    public boolean add(String metric, long seriesId, Map<String, String> tags, long tsMillis, double value) {
        if (overflowed) {
            return false;
        }
        if (points.get() >= maxPoints) {
            overflowed = true;
            LOG.error("The recent window holds {} points, its maxPoints: it stops serving queries (Trino answers them)"
                    + " until query-service restarts; raise recentWindow.maxPoints or shorten recentWindow.retention",
                    maxPoints);
            return false;
        }
        SeriesBuffer buffer = metrics.computeIfAbsent(metric, m -> new ConcurrentHashMap<>())
                .computeIfAbsent(seriesId, id -> new SeriesBuffer(tags));
        if (buffer.add(tsMillis, value)) {
            points.incrementAndGet();
            return true;
        }
        duplicates.incrementAndGet();
        return false;
    }

    /** Drops points older than the retention (plus {@link #EVICTION_SLACK}) and series left empty. */
    public void evict() {
        long cutoff = clock.instant().toEpochMilli() - retention.plus(EVICTION_SLACK).toMillis();
        for (Map<Long, SeriesBuffer> series : metrics.values()) {
            series.values().removeIf(buffer -> {
                points.addAndGet(-buffer.evictBefore(cutoff));
                return buffer.size() == 0;
            });
        }
        metrics.values().removeIf(Map::isEmpty);
    }

    /** The replay guarantees every point from this instant on (raised, never lowered). */
    public synchronized void coverFrom(Instant from) {
        long millis = from.toEpochMilli();
        coveredFromMillis = coveredFromMillis == Long.MAX_VALUE ? millis : Math.max(coveredFromMillis, millis);
    }

    /** Every record published before {@code at} has been added. */
    public void syncedAt(Instant at) {
        syncedAtMillis = Math.max(syncedAtMillis, at.toEpochMilli());
    }

    /** Whether a query whose oldest part starts at {@code from} can be answered from the window. */
    public boolean covers(Instant from) {
        return coveredFrom().filter(oldest -> !from.isBefore(oldest)).isPresent();
    }

    /** The oldest instant the window answers for now; empty while it answers nothing (not synced, overflowed). */
    public Optional<Instant> coveredFrom() {
        long now = clock.instant().toEpochMilli();
        if (overflowed || coveredFromMillis == Long.MAX_VALUE || syncedAtMillis < now - maxLag.toMillis()) {
            return Optional.empty();
        }
        return Optional.of(Instant.ofEpochMilli(Math.max(coveredFromMillis, now - retention.toMillis())));
    }

    /** The series of a metric (live view; empty when none). */
    Map<Long, SeriesBuffer> series(String metric) {
        Map<Long, SeriesBuffer> series = metrics.get(metric);
        return series == null ? Map.of() : series;
    }

    public long pointCount() {
        return points.get();
    }

    public long duplicateCount() {
        return duplicates.get();
    }

    public long seriesCount() {
        return metrics.values().stream().mapToLong(Map::size).sum();
    }

    /** Seconds since the consumer was last at the end of the topic (-1 before the first time). */
    public double lagSeconds() {
        long synced = syncedAtMillis;
        return synced == Long.MIN_VALUE ? -1 : Math.max(0, clock.instant().toEpochMilli() - synced) / 1000.0;
    }

    public boolean overflowed() {
        return overflowed;
    }
}
