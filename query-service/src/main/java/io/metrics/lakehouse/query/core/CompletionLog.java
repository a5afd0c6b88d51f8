package io.metrics.lakehouse.query.core;

import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.CacheLoader;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Ticker;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;

/**
 * Which rollup partitions are logged complete for a metric, cached per (metric, partition).
 *
 * <p>Without the cache every uncached query made an extra Trino round trip to the completion log.
 * A complete partition stays complete (a forced backfill overwrites it atomically and logs it
 * again), so "complete" is kept for {@code completeTtl}; "not complete" changes when the batch
 * catches up, so it is kept only {@code incompleteTtl}. Missing answers of one lookup are read in
 * one statement, and lookups that overlap one in flight wait for its answers instead of reading the
 * log again (20 panels opened at once used to make up to 20 log statements, each competing with the
 * data statements for Trino).
 */
public class CompletionLog {

    /** Reads the log: the partitions of {@code asked} that are complete for {@code metric}. */
    @FunctionalInterface
    public interface Source {
        Set<LogPartition> complete(String metric, Collection<LogPartition> asked) throws SQLException;
    }

    private record Key(String metric, LogPartition partition) {
    }

    private final AsyncLoadingCache<Key, Boolean> cache;

    public CompletionLog(Source source, Duration completeTtl, Duration incompleteTtl, long maxEntries, Ticker ticker) {
        this.cache = Caffeine.newBuilder()
                .maximumSize(maxEntries)
                .expireAfter(new Expiry<Key, Boolean>() {
                    @Override
                    public long expireAfterCreate(Key key, Boolean complete, long currentTime) {
                        return (complete ? completeTtl : incompleteTtl).toNanos();
                    }

                    @Override
                    public long expireAfterUpdate(Key key, Boolean complete, long currentTime, long currentDuration) {
                        return expireAfterCreate(key, complete, currentTime);
                    }

                    @Override
                    public long expireAfterRead(Key key, Boolean complete, long currentTime, long currentDuration) {
                        return currentDuration;
                    }
                })
                .ticker(ticker)
                .recordStats()
                // Loads run on the caller's thread; the async cache is for its in-flight futures, which
                // concurrent lookups of the same keys join.
                .executor(Runnable::run)
                .buildAsync(new CacheLoader<>() {
                    @Override
                    public Boolean load(Key key) throws Exception {
                        return loadAll(Set.of(key)).get(key);
                    }

                    @Override
                    public Map<Key, Boolean> loadAll(Set<? extends Key> keys) throws Exception {
                        // One lookup asks for one metric (see complete()).
                        String metric = keys.iterator().next().metric();
                        List<LogPartition> asked = keys.stream().map(Key::partition).toList();
                        Set<LogPartition> complete = source.complete(metric, asked);
                        Map<Key, Boolean> answers = new HashMap<>();
                        keys.forEach(k -> answers.put(k, complete.contains(k.partition())));
                        return answers;
                    }
                });
    }

    /** The partitions of {@code partitions} logged complete for {@code metric}. */
    public Set<LogPartition> complete(String metric, Collection<LogPartition> partitions) throws SQLException {
        if (partitions.isEmpty()) {
            return Set.of();
        }
        List<Key> keys = partitions.stream().map(p -> new Key(metric, p)).toList();
        Map<Key, Boolean> answers;
        try {
            answers = cache.getAll(keys).join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof SQLException sql) {
                throw sql;
            }
            throw e;
        }
        Set<LogPartition> complete = new HashSet<>();
        answers.forEach((key, done) -> {
            if (done) {
                complete.add(key.partition());
            }
        });
        return complete;
    }

    public long hits() {
        return cache.synchronous().stats().hitCount();
    }

    public long misses() {
        return cache.synchronous().stats().missCount();
    }

    public long size() {
        return cache.synchronous().estimatedSize();
    }
}
