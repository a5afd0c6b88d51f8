package io.metrics.lakehouse.query.core;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MinDuration;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The {@code query} section: tier boundaries, guardrails, result cache, circuit breaker.
 *
 * <pre>
 * query:
 *   rawRetention: 7d             # raw serves steps under 60 s within this age
 *   minuteRetention: 30d         # the 1-minute tier serves within this age; rollup_1h beyond
 *   speedRetention: 2d           # speed_rollup_1m keeps this; older hours not batch-complete come from raw_points
 *   maxRawRange: 2d              # guardrails: longest sub-range per tier (422 beyond)
 *   maxMinuteRange: 31d
 *   maxHourRange: 400d
 *   maxPointsPerSeries: 11000    # (range / step) summed over the tiers, checked before Trino runs
 *   maxSeries: 1000              # series in one answer
 *   maxPoints: 1000000           # points in one answer
 *   maxConcurrentPerToken: 4     # in-flight queries per bearer token (429 beyond)
 *   cacheTtl: 10s                # result cache; identical concurrent queries run once
 *   cacheMaxEntries: 2000
 *   completeLogTtl: 1h           # completion-log answers: "complete" kept this long,
 *   incompleteLogTtl: 30s        # "not complete" this long (the batch catches up)
 *   completionCacheMaxEntries: 200000   # (metric, partition) answers
 *   settledDayTtl: 1h            # answers of whole days served by batch rollups only (0s: off)
 *   settledDayMaxPoints: 5000000 # points those answers hold at most
 *   circuitBreaker: {failureRateThreshold: 50, minimumCalls: 10, slidingWindowCalls: 20, openDuration: 30s}
 *   trinoConcurrency: {maxConcurrent: 4, maxWait: 20s, reserved: {alerting: 2}, threads: 16}
 *                                # statements on Trino at once; others wait (503 past maxWait);
 *                                # reserved: callers with turns of their own; threads: that run
 *                                # and wait for Trino statements (answers from memory use others)
 *   tagLookback: 24h             # /v1/metrics/{name}/tags reads rollups this recent
 *   tagTopValues: 20
 *   tagCacheTtl: 60s
 * </pre>
 */
public class QueryEngineConfiguration {

    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.HOURS)
    private Duration rawRetention = Duration.days(7);

    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.HOURS)
    private Duration minuteRetention = Duration.days(30);

    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.HOURS)
    private Duration speedRetention = Duration.days(2);

    @NotNull
    private Duration completeLogTtl = Duration.hours(1);

    @NotNull
    private Duration incompleteLogTtl = Duration.seconds(30);

    @Min(1)
    private long completionCacheMaxEntries = 200_000;

    /**
     * How long the answer of a whole UTC day served by batch rollups only is reused (see
     * {@link SettledDays}); as for the completion log's "complete" answers, a forced backfill of such a
     * day shows after at most this long. Zero turns it off.
     */
    @NotNull
    private Duration settledDayTtl = Duration.hours(1);

    @Min(0)
    private long settledDayMaxPoints = 5_000_000;

    @NotNull
    private Duration maxRawRange = Duration.days(2);

    @NotNull
    private Duration maxMinuteRange = Duration.days(31);

    @NotNull
    private Duration maxHourRange = Duration.days(400);

    @Min(1)
    private long maxPointsPerSeries = 11_000;

    @Min(1)
    private int maxSeries = 1_000;

    @Min(1)
    private long maxPoints = 1_000_000;

    @Min(1)
    @Max(1000)
    private int maxConcurrentPerToken = 4;

    @NotNull
    private Duration cacheTtl = Duration.seconds(10);

    @Min(0)
    private long cacheMaxEntries = 2_000;

    @NotNull
    private CircuitBreakerSettings circuitBreaker = new CircuitBreakerSettings();

    @NotNull
    private TrinoConcurrencySettings trinoConcurrency = new TrinoConcurrencySettings();

    @NotNull
    private Duration tagLookback = Duration.hours(24);

    @Min(1)
    @Max(1000)
    private int tagTopValues = 20;

    @NotNull
    private Duration tagCacheTtl = Duration.seconds(60);

    /** resilience4j's count-based breaker in front of Trino. */
    public static class CircuitBreakerSettings {
        @Min(1)
        @Max(100)
        private int failureRateThreshold = 50;
        @Min(1)
        private int minimumCalls = 10;
        @Min(1)
        private int slidingWindowCalls = 20;
        @NotNull
        private Duration openDuration = Duration.seconds(30);

        @JsonProperty
        public int getFailureRateThreshold() {
            return failureRateThreshold;
        }

        @JsonProperty
        public void setFailureRateThreshold(int failureRateThreshold) {
            this.failureRateThreshold = failureRateThreshold;
        }

        @JsonProperty
        public int getMinimumCalls() {
            return minimumCalls;
        }

        @JsonProperty
        public void setMinimumCalls(int minimumCalls) {
            this.minimumCalls = minimumCalls;
        }

        @JsonProperty
        public int getSlidingWindowCalls() {
            return slidingWindowCalls;
        }

        @JsonProperty
        public void setSlidingWindowCalls(int slidingWindowCalls) {
            this.slidingWindowCalls = slidingWindowCalls;
        }

        @JsonProperty
        public Duration getOpenDuration() {
            return openDuration;
        }

        @JsonProperty
        public void setOpenDuration(Duration openDuration) {
            this.openDuration = openDuration;
        }
    }

    /**
     * How many statements this replica runs on Trino at once (resilience4j's semaphore bulkhead); the
     * others wait their turn, first come first served, for at most {@code maxWait}, then get a 503.
     * Distinct cold panels opened together (an incident) otherwise all start at once: on a small Trino
     * each then gets a sliver of the CPU, all finish late together, and their untracked reader memory
     * ran a 2 GB Trino out of heap with 20 30-day panels of 10,000 series. Queued, they finish one
     * after the other, the first ones early. Size it to Trino's cores: a few statements keep them busy.
     */
    public static class TrinoConcurrencySettings {
        @Min(1)
        @Max(1000)
        private int maxConcurrent = 4;
        @NotNull
        private Duration maxWait = Duration.seconds(20);
        /**
         * Callers (bearer token names; {@code alerting} is the alert evaluator) with turns of their own,
         * not taken from {@code maxConcurrent}: a storm of dashboards then cannot delay a page.
         */
        @NotNull
        private Map<String, @Min(1) Integer> reserved = Map.of("alerting", 2);
        /**
         * Threads that run queries needing Trino, while they wait for a turn too; beyond them such
         * queries wait for a thread. Answers wholly from the recent window never use these threads,
         * so a storm of long-range panels cannot delay a last-hour panel.
         */
        @Min(1)
        @Max(1000)
        private int threads = 16;

        @JsonProperty
        public int getMaxConcurrent() {
            return maxConcurrent;
        }

        @JsonProperty
        public void setMaxConcurrent(int maxConcurrent) {
            this.maxConcurrent = maxConcurrent;
        }

        @JsonProperty
        public Duration getMaxWait() {
            return maxWait;
        }

        @JsonProperty
        public void setMaxWait(Duration maxWait) {
            this.maxWait = maxWait;
        }

        @JsonProperty
        public Map<String, Integer> getReserved() {
            return reserved;
        }

        @JsonProperty
        public void setReserved(Map<String, Integer> reserved) {
            this.reserved = reserved;
        }

        @JsonProperty
        public int getThreads() {
            return threads;
        }

        @JsonProperty
        public void setThreads(int threads) {
            this.threads = threads;
        }
    }

    @JsonProperty
    public Duration getRawRetention() {
        return rawRetention;
    }

    @JsonProperty
    public void setRawRetention(Duration rawRetention) {
        this.rawRetention = rawRetention;
    }

    @JsonProperty
    public Duration getMinuteRetention() {
        return minuteRetention;
    }

    @JsonProperty
    public void setMinuteRetention(Duration minuteRetention) {
        this.minuteRetention = minuteRetention;
    }

    @JsonProperty
    public Duration getSpeedRetention() {
        return speedRetention;
    }

    @JsonProperty
    public void setSpeedRetention(Duration speedRetention) {
        this.speedRetention = speedRetention;
    }

    @JsonProperty
    public Duration getCompleteLogTtl() {
        return completeLogTtl;
    }

    @JsonProperty
    public void setCompleteLogTtl(Duration completeLogTtl) {
        this.completeLogTtl = completeLogTtl;
    }

    @JsonProperty
    public Duration getIncompleteLogTtl() {
        return incompleteLogTtl;
    }

    @JsonProperty
    public void setIncompleteLogTtl(Duration incompleteLogTtl) {
        this.incompleteLogTtl = incompleteLogTtl;
    }

    @JsonProperty
    public long getCompletionCacheMaxEntries() {
        return completionCacheMaxEntries;
    }

    @JsonProperty
    public void setCompletionCacheMaxEntries(long completionCacheMaxEntries) {
        this.completionCacheMaxEntries = completionCacheMaxEntries;
    }

    @JsonProperty
    public Duration getMaxRawRange() {
        return maxRawRange;
    }

    @JsonProperty
    public void setMaxRawRange(Duration maxRawRange) {
        this.maxRawRange = maxRawRange;
    }

    @JsonProperty
    public Duration getMaxMinuteRange() {
        return maxMinuteRange;
    }

    @JsonProperty
    public void setMaxMinuteRange(Duration maxMinuteRange) {
        this.maxMinuteRange = maxMinuteRange;
    }

    @JsonProperty
    public Duration getMaxHourRange() {
        return maxHourRange;
    }

    @JsonProperty
    public void setMaxHourRange(Duration maxHourRange) {
        this.maxHourRange = maxHourRange;
    }

    @JsonProperty
    public long getMaxPointsPerSeries() {
        return maxPointsPerSeries;
    }

    @JsonProperty
    public void setMaxPointsPerSeries(long maxPointsPerSeries) {
        this.maxPointsPerSeries = maxPointsPerSeries;
    }

    @JsonProperty
    public int getMaxSeries() {
        return maxSeries;
    }

    @JsonProperty
    public void setMaxSeries(int maxSeries) {
        this.maxSeries = maxSeries;
    }

    @JsonProperty
    public long getMaxPoints() {
        return maxPoints;
    }

    @JsonProperty
    public void setMaxPoints(long maxPoints) {
        this.maxPoints = maxPoints;
    }

    @JsonProperty
    public int getMaxConcurrentPerToken() {
        return maxConcurrentPerToken;
    }

    @JsonProperty
    public void setMaxConcurrentPerToken(int maxConcurrentPerToken) {
        this.maxConcurrentPerToken = maxConcurrentPerToken;
    }

    @JsonProperty
    public Duration getCacheTtl() {
        return cacheTtl;
    }

    @JsonProperty
    public void setCacheTtl(Duration cacheTtl) {
        this.cacheTtl = cacheTtl;
    }

    @JsonProperty
    public long getCacheMaxEntries() {
        return cacheMaxEntries;
    }

    @JsonProperty
    public void setCacheMaxEntries(long cacheMaxEntries) {
        this.cacheMaxEntries = cacheMaxEntries;
    }

    @JsonProperty
    public CircuitBreakerSettings getCircuitBreaker() {
        return circuitBreaker;
    }

    @JsonProperty
    public void setCircuitBreaker(CircuitBreakerSettings circuitBreaker) {
        this.circuitBreaker = circuitBreaker;
    }

    @JsonProperty
    public Duration getSettledDayTtl() {
        return settledDayTtl;
    }

    @JsonProperty
    public void setSettledDayTtl(Duration settledDayTtl) {
        this.settledDayTtl = settledDayTtl;
    }

    @JsonProperty
    public long getSettledDayMaxPoints() {
        return settledDayMaxPoints;
    }

    @JsonProperty
    public void setSettledDayMaxPoints(long settledDayMaxPoints) {
        this.settledDayMaxPoints = settledDayMaxPoints;
    }

    @JsonProperty
    public TrinoConcurrencySettings getTrinoConcurrency() {
        return trinoConcurrency;
    }

    @JsonProperty
    public void setTrinoConcurrency(TrinoConcurrencySettings trinoConcurrency) {
        this.trinoConcurrency = trinoConcurrency;
    }

    @JsonProperty
    public Duration getTagLookback() {
        return tagLookback;
    }

    @JsonProperty
    public void setTagLookback(Duration tagLookback) {
        this.tagLookback = tagLookback;
    }

    @JsonProperty
    public int getTagTopValues() {
        return tagTopValues;
    }

    @JsonProperty
    public void setTagTopValues(int tagTopValues) {
        this.tagTopValues = tagTopValues;
    }

    @JsonProperty
    public Duration getTagCacheTtl() {
        return tagCacheTtl;
    }

    @JsonProperty
    public void setTagCacheTtl(Duration tagCacheTtl) {
        this.tagCacheTtl = tagCacheTtl;
    }

    public java.time.Duration rawRetention() {
        return rawRetention.toJavaDuration();
    }

    public java.time.Duration minuteRetention() {
        return minuteRetention.toJavaDuration();
    }

    public java.time.Duration speedRetention() {
        return speedRetention.toJavaDuration();
    }
}
