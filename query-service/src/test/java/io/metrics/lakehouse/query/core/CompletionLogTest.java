package io.metrics.lakehouse.query.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.benmanes.caffeine.cache.Ticker;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** The completion-log cache: TTLs per answer, one read for concurrent lookups, errors passed on. */
class CompletionLogTest {

    private static final LogPartition DONE = LogPartition.rollup1m(Instant.parse("2026-11-26T10:00:00Z"));
    private static final LogPartition OPEN = LogPartition.rollup1m(Instant.parse("2026-11-26T11:00:00Z"));

    private final AtomicLong nanos = new AtomicLong();
    private final Ticker ticker = nanos::get;

    @Test
    void concurrentLookupsOfTheSamePartitionsReadTheLogOnce() throws Exception {
        AtomicInteger reads = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        CompletionLog log = new CompletionLog((metric, asked) -> {
            reads.incrementAndGet();
            await(release);
            return Set.of(DONE);
        }, Duration.ofHours(1), Duration.ofSeconds(30), 100, ticker);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Set<LogPartition>>> lookups = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                lookups.add(pool.submit(() -> log.complete("m", List.of(DONE, OPEN))));
            }
            // Every lookup has started (and found the first one's load in flight) before it finishes.
            Thread.sleep(300);
            release.countDown();
            for (Future<Set<LogPartition>> lookup : lookups) {
                assertEquals(Set.of(DONE), lookup.get(10, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, reads.get());
    }

    @Test
    void notCompleteIsAskedAgainAfterItsTtlCompleteIsKept() throws Exception {
        AtomicInteger reads = new AtomicInteger();
        List<Set<LogPartition>> asked = new ArrayList<>();
        CompletionLog log = new CompletionLog((metric, partitions) -> {
            reads.incrementAndGet();
            asked.add(Set.copyOf(partitions));
            return Set.of(DONE);
        }, Duration.ofHours(1), Duration.ofSeconds(30), 100, ticker);
        assertEquals(Set.of(DONE), log.complete("m", List.of(DONE, OPEN)));
        assertEquals(Set.of(DONE), log.complete("m", List.of(DONE, OPEN)));
        assertEquals(1, reads.get());
        nanos.addAndGet(Duration.ofSeconds(31).toNanos());
        assertEquals(Set.of(DONE), log.complete("m", List.of(DONE, OPEN)));
        assertEquals(List.of(Set.of(DONE, OPEN), Set.of(OPEN)), asked);
    }

    @Test
    void aFailedReadIsThrownAndNotCached() throws Exception {
        AtomicInteger reads = new AtomicInteger();
        CompletionLog log = new CompletionLog((metric, partitions) -> {
            if (reads.incrementAndGet() == 1) {
                throw new SQLException("Trino is down");
            }
            return Set.of();
        }, Duration.ofHours(1), Duration.ofSeconds(30), 100, ticker);
        SQLException e = assertThrows(SQLException.class, () -> log.complete("m", List.of(OPEN)));
        assertEquals("Trino is down", e.getMessage());
        assertTrue(log.complete("m", List.of(OPEN)).isEmpty());
        assertEquals(2, reads.get());
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
