package io.metrics.lakehouse.query.core;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Semaphore;

/** At most N queries in flight per caller (bearer token name); the next one is refused, not queued. */
public final class ConcurrencyLimiter {

    private final int permitsPerCaller;
    // One entry per configured token (plus "anonymous"): bounded by configuration, never evicted.
    private final ConcurrentMap<String, Semaphore> permits = new ConcurrentHashMap<>();

    public ConcurrencyLimiter(int permitsPerCaller) {
        this.permitsPerCaller = permitsPerCaller;
    }

    /** A permit, to close when the query is done; or 429. */
    public Permit acquire(String caller) {
        Semaphore semaphore = permits.computeIfAbsent(caller, c -> new Semaphore(permitsPerCaller));
        if (!semaphore.tryAcquire()) {
            throw QueryException.tooManyConcurrent("more than " + permitsPerCaller
                    + " concurrent queries for '" + caller + "'; retry when one has finished");
        }
        return semaphore::release;
    }

    public int permitsPerCaller() {
        return permitsPerCaller;
    }

    /** Releases the permit. */
    public interface Permit extends AutoCloseable {
        @Override
        void close();
    }
}
