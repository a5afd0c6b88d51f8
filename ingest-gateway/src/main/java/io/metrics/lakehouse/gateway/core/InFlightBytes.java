package io.metrics.lakehouse.gateway.core;

import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The budget of request bytes held in memory by all requests being processed
 * ({@code ingest.maxInFlightBytes}). A request takes bytes as it reads its body and gives them back
 * when it has been answered; when the budget stays exhausted for {@code ingest.inFlightWait}, the
 * request is refused with 503 + Retry-After instead of the JVM running out of memory.
 */
public class InFlightBytes {

    private final Semaphore permits;
    private final int capacity;
    private final long waitMillis;

    public InFlightBytes(int capacity, long waitMillis) {
        this.permits = new Semaphore(capacity);
        this.capacity = capacity;
        this.waitMillis = waitMillis;
    }

    /** @return false when {@code bytes} could not be taken in time */
    public boolean tryAcquire(int bytes) {
        try {
            return permits.tryAcquire(bytes, waitMillis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public void release(int bytes) {
        if (bytes > 0) {
            permits.release(bytes);
        }
    }

    /** Bytes currently held (for the in-flight gauge). */
    public long inUse() {
        return (long) capacity - permits.availablePermits();
    }

    public int capacity() {
        return capacity;
    }
}
