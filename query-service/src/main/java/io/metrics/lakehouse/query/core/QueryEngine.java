package io.metrics.lakehouse.query.core;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.Meter;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.Timer;
import com.github.benmanes.caffeine.cache.AsyncCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.metrics.lakehouse.query.db.TrinoQueryDao;
import io.metrics.lakehouse.query.recent.RecentWindow;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Answers {@link QueryRequest}s: routes them to tiers, applies the guardrails, and runs them from the
 * recent window when it covers them, else on Trino; both behind a short-TTL result cache (identical
 * concurrent requests share one execution) and a per-caller concurrency limit; Trino behind a bulkhead
 * (a few statements at once, the others wait their turn) and a circuit breaker.
 */
public class QueryEngine {

    public static final String METRICS_PREFIX = "query";

    private final QueryEngineConfiguration config;
    private final QueryRouter router;
    private final TrinoQueryDao dao;
    private final RecentWindow recent;
    private final CompletionLog completionLog;
    private final SettledDays settledDays;
    private final Threads threads;
    private final Duration queryTimeout;
    private final ConcurrencyLimiter limiter;
    private final CircuitBreaker breaker;
    /** Turns on Trino shared by every caller without reserved ones (dashboards, API users). */
    private final Bulkhead trinoTurns;
    /** Callers with turns of their own (the alert evaluator), so that a dashboard storm does not hold them up. */
    private final Map<String, Bulkhead> reservedTurns = new HashMap<>();
    private final AtomicInteger waitingForTrino = new AtomicInteger();
    private final Timer trinoWaits;
    private final AsyncCache<Key, QueryResult> cache;
    private final Timer requests;
    private final Timer executions;
    private final Timer recentAnswers;
    private final MetricRegistry metrics;

    /**
     * Where queries run. {@code trino}: queries that need Trino, which block a thread while they wait
     * for a turn and while their statement runs. {@code inMemory}: answers wholly from the recent
     * window and the cache's upkeep, which must not queue behind those.
     */
    public record Threads(Executor trino, Executor inMemory) {
    }

    /** What identifies a result: the step-aligned request and the tier parts it was routed to. */
    private record Key(QueryRequest request, List<TierRange> parts) {
    }

    public QueryEngine(QueryEngineConfiguration config, QueryRouter router, TrinoQueryDao dao, RecentWindow recent,
            Threads threads, Duration queryTimeout, MetricRegistry metrics) {
        this.config = config;
        this.router = router;
        this.dao = dao;
        this.recent = recent;
        this.completionLog = new CompletionLog(dao::completePartitions, config.getCompleteLogTtl().toJavaDuration(),
                config.getIncompleteLogTtl().toJavaDuration(), config.getCompletionCacheMaxEntries(), Ticker.systemTicker());
        this.settledDays = new SettledDays(config.getSettledDayTtl().toJavaDuration(), config.getSettledDayMaxPoints());
        this.threads = threads;
        this.queryTimeout = queryTimeout;
        this.metrics = metrics;
        this.limiter = new ConcurrencyLimiter(config.getMaxConcurrentPerToken());
        QueryEngineConfiguration.CircuitBreakerSettings cb = config.getCircuitBreaker();
        this.breaker = CircuitBreaker.of("trino", CircuitBreakerConfig.custom()
                .failureRateThreshold(cb.getFailureRateThreshold())
                .minimumNumberOfCalls(cb.getMinimumCalls())
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(Math.max(cb.getSlidingWindowCalls(), cb.getMinimumCalls()))
                .waitDurationInOpenState(cb.getOpenDuration().toJavaDuration())
                // A guardrail is the query's fault, not Trino's.
                .ignoreExceptions(QueryException.class)
                .build());
        QueryEngineConfiguration.TrinoConcurrencySettings turns = config.getTrinoConcurrency();
        this.trinoTurns = turns("trino", turns.getMaxConcurrent(), turns.getMaxWait());
        turns.getReserved().forEach((caller, count) ->
                reservedTurns.put(caller, turns("trino-" + caller, count, turns.getMaxWait())));
        this.cache = Caffeine.newBuilder()
                .expireAfterWrite(config.getCacheTtl().toJavaDuration())
                .maximumSize(config.getCacheMaxEntries())
                .executor(threads.inMemory())
                .recordStats()
                .buildAsync();
        this.requests = metrics.timer(name("requests"));
        this.executions = metrics.timer(name("trino", "executions"));
        this.recentAnswers = metrics.timer(name("recent", "executions"));
        this.trinoWaits = metrics.timer(name("trino", "waits"));
        metrics.register(name("trino", "running"), (Gauge<Integer>) () -> running(trinoTurns));
        reservedTurns.forEach((caller, reserved) ->
                metrics.register(name("trino", caller, "running"), (Gauge<Integer>) () -> running(reserved)));
        metrics.register(name("trino", "waiting"), (Gauge<Integer>) waitingForTrino::get);
        metrics.register(name("cache", "hits"), (Gauge<Long>) () -> cache.synchronous().stats().hitCount());
        metrics.register(name("cache", "misses"), (Gauge<Long>) () -> cache.synchronous().stats().missCount());
        metrics.register(name("cache", "size"), (Gauge<Long>) () -> cache.synchronous().estimatedSize());
        metrics.register(name("settled_days", "hits"), (Gauge<Long>) settledDays::hits);
        metrics.register(name("settled_days", "misses"), (Gauge<Long>) settledDays::misses);
        metrics.register(name("settled_days", "points"), (Gauge<Long>) settledDays::weight);
        metrics.register(name("completion_cache", "hits"), (Gauge<Long>) completionLog::hits);
        metrics.register(name("completion_cache", "misses"), (Gauge<Long>) completionLog::misses);
        metrics.register(name("completion_cache", "size"), (Gauge<Long>) completionLog::size);
        metrics.register(name("circuit_breaker", "state"), (Gauge<Integer>) () -> switch (breaker.getState()) {
            case CLOSED -> 0;
            case OPEN, FORCED_OPEN -> 1;
            case HALF_OPEN -> 2;
            default -> 3;
        });
    }

    private static Bulkhead turns(String name, int count, io.dropwizard.util.Duration maxWait) {
        return Bulkhead.of(name, BulkheadConfig.custom()
                .maxConcurrentCalls(count)
                .maxWaitDuration(maxWait.toJavaDuration())
                .fairCallHandlingStrategyEnabled(true)
                .build());
    }

    private static int running(Bulkhead turns) {
        return turns.getMetrics().getMaxAllowedConcurrentCalls() - turns.getMetrics().getAvailableConcurrentCalls();
    }

    private static String name(String... parts) {
        return MetricRegistry.name(METRICS_PREFIX, parts);
    }

    /** Counts a refusal: {@code query.rejected.<reason>} (range, points, series, concurrency, timeout, ...). */
    public void reject(String reason) {
        metrics.meter(name("rejected", reason)).mark();
    }

    public QueryResult execute(QueryRequest request, String caller) {
        try (Timer.Context ignored = requests.time()) {
            QueryRequest aligned = align(request);
            List<TierRange> parts = router.split(aligned);
            checkRange(parts);
            CompletableFuture<QueryResult> future = cache.get(new Key(aligned, parts), (key, ex) -> {
                // Only executions take a permit: a cache hit or a query coalesced with one in flight
                // costs Trino nothing, so a dashboard opened by many at once is not refused.
                ConcurrencyLimiter.Permit permit = acquire(caller);
                // A request coalesced with this one shares its turn on Trino.
                Bulkhead turns = reservedTurns.getOrDefault(caller, trinoTurns);
                // Only where it runs is decided here: load() splits again when it starts, as the
                // window's oldest points may have expired while it waited for a thread.
                Optional<RecentWindow.Split> split = recent.split(key.request(), key.parts());
                boolean inMemory = split.isPresent() && split.get().older().isEmpty();
                CompletableFuture<QueryResult> load = CompletableFuture.supplyAsync(() -> load(key, turns),
                        inMemory ? threads.inMemory() : threads.trino());
                load.whenComplete((result, failure) -> permit.close());
                return load;
            });
            return await(future);
        }
    }

    private ConcurrencyLimiter.Permit acquire(String caller) {
        try {
            return limiter.acquire(caller);
        } catch (QueryException e) {
            reject("concurrency");
            throw e;
        }
    }

    private QueryRequest align(QueryRequest request) {
        long step = request.step().toSeconds();
        long start = Math.floorDiv(request.start().getEpochSecond(), step) * step;
        long endSeconds = request.end().getEpochSecond() + (request.end().getNano() > 0 ? 1 : 0);
        long end = Math.floorDiv(endSeconds + step - 1, step) * step;
        return request.withRange(Instant.ofEpochSecond(start), Instant.ofEpochSecond(end));
    }

    private void checkRange(List<TierRange> parts) {
        long pointsPerSeries = 0;
        for (TierRange part : parts) {
            Duration length = Duration.between(part.start(), part.end());
            Duration max = switch (part.tier()) {
                case RAW -> config.getMaxRawRange().toJavaDuration();
                case ROLLUP_1H -> config.getMaxHourRange().toJavaDuration();
                default -> config.getMaxMinuteRange().toJavaDuration();
            };
            if (length.compareTo(max) > 0) {
                reject("range");
                throw QueryException.guardrail(QueryRequest.P_START, "the " + part.tier().wireName() + " tier serves at most "
                        + TimeExpressions.format(max) + " per query (this one needs " + TimeExpressions.format(length)
                        + "); shorten the range" + (part.tier() == Tier.RAW ? " or use a step of 60s or more" : ""));
            }
            pointsPerSeries += length.toSeconds() / part.step().toSeconds();
        }
        if (pointsPerSeries > config.getMaxPointsPerSeries()) {
            reject("points");
            throw QueryException.guardrail(QueryRequest.P_STEP, "the query asks for " + pointsPerSeries
                    + " points per series, more than " + config.getMaxPointsPerSeries() + "; use a larger step");
        }
    }

    /**
     * The answer from the recent window for what it covers (all of the range, or its newest buckets)
     * and from Trino for the rest; see {@link RecentWindow#split}.
     */
    private QueryResult load(Key key, Bulkhead turns) {
        QueryRequest request = key.request();
        Optional<RecentWindow.Split> split = recent.split(request, key.parts());
        if (split.isEmpty()) {
            return onTrino(request, key.parts(), turns);
        }
        List<Series> fresh = fromWindow(request, split.get().recent());
        List<TierRange> recentTiers = split.get().recent().stream()
                .map(p -> new TierRange(Tier.RECENT, p.start(), p.end(), p.step())).toList();
        if (split.get().older().isEmpty()) {
            return new QueryResult(request.metric(), request.agg(), request.step(), recentTiers, fresh);
        }
        QueryResult older = onTrino(request, split.get().older(), turns);
        List<TierRange> tiers = new ArrayList<>(older.tiers());
        tiers.addAll(recentTiers);
        try {
            return new QueryResult(request.metric(), request.agg(), request.step(), tiers,
                    Series.merge(List.of(older.series(), fresh), config.getMaxSeries(), config.getMaxPoints()));
        } catch (QueryException e) {
            rejectGuardrail(e);
            throw e;
        }
    }

    private List<Series> fromWindow(QueryRequest request, List<TierRange> parts) {
        try (Timer.Context ignored = recentAnswers.time()) {
            return recent.answer(request, parts, config.getMaxSeries(), config.getMaxPoints());
        } catch (QueryException e) {
            rejectGuardrail(e);
            throw e;
        }
    }

    private QueryResult onTrino(QueryRequest request, List<TierRange> parts, Bulkhead turns) {
        awaitTrinoTurn(turns);
        try (Timer.Context ignored = executions.time()) {
            return breaker.executeCallable(() -> {
                List<TierRange> served = router.serve(parts,
                        completionLog.complete(request.metric(), router.logPartitions(parts)));
                try {
                    SettledDays.Plan plan = settledDays.plan(request, served);
                    List<Series> answer = plan.toRun().isEmpty() ? List.of()
                            : dao.query(request, plan.toRun(), config.getMaxSeries(), config.getMaxPoints());
                    settledDays.keep(request, plan, answer);
                    return new QueryResult(request.metric(), request.agg(), request.step(), served,
                            SettledDays.merge(plan, answer, config.getMaxSeries(), config.getMaxPoints()));
                } catch (QueryException e) {
                    rejectGuardrail(e);
                    throw e;
                }
            });
        } catch (QueryException | CallNotPermittedException e) {
            throw e;
        } catch (Exception e) {
            throw new CompletionException(e);
        } finally {
            turns.onComplete();
        }
    }

    /** Waits for one of the bulkhead's turns on Trino, or answers 503 once {@code maxWait} has passed. */
    private void awaitTrinoTurn(Bulkhead turns) {
        waitingForTrino.incrementAndGet();
        try (Timer.Context ignored = trinoWaits.time()) {
            turns.acquirePermission();
        } catch (BulkheadFullException e) {
            reject("trino_busy");
            Duration maxWait = config.getTrinoConcurrency().getMaxWait().toJavaDuration();
            throw QueryException.unavailable("Trino is busy: this query waited " + TimeExpressions.format(maxWait)
                    + " for a turn (at most " + turns.getBulkheadConfig().getMaxConcurrentCalls() + " run at once); retry shortly",
                    Math.max(1, maxWait.toSeconds() / 4), e);
        } finally {
            waitingForTrino.decrementAndGet();
        }
    }

    /** A guardrail crossed while reading the answer: too many series (the tags) or points. */
    private void rejectGuardrail(QueryException e) {
        reject(e.parameter().filter(QueryRequest.P_TAGS::equals).isPresent() ? "series" : "points");
    }

    private QueryResult await(CompletableFuture<QueryResult> future) {
        try {
            // The statement has its own timeout, after at most maxWait for its turn; this bound only
            // guards against a lost answer.
            return future.get(queryTimeout.toMillis() + config.getTrinoConcurrency().getMaxWait().toMilliseconds() + 10_000,
                    TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw QueryException.unavailable("interrupted", 1, e);
        } catch (TimeoutException e) {
            reject("timeout");
            throw QueryException.unavailable("Trino did not answer within " + queryTimeout.toSeconds() + "s", 5, e);
        } catch (ExecutionException e) {
            throw translate(e.getCause());
        }
    }

    private RuntimeException translate(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
        if (cause instanceof QueryException q) {
            return q;
        }
        if (cause instanceof CallNotPermittedException) {
            reject("circuit_open");
            long retryAfter = Math.max(1, config.getCircuitBreaker().getOpenDuration().toSeconds());
            return QueryException.unavailable("Trino is failing; queries are shed for up to " + retryAfter + "s", retryAfter, cause);
        }
        if (isTimeout(cause)) {
            reject("timeout");
            return QueryException.unavailable("the query ran longer than " + queryTimeout.toSeconds()
                    + "s; shorten the range or use a larger step", 5, cause);
        }
        reject("trino_error");
        String reason = cause instanceof SQLException ? cause.getMessage() : cause.getClass().getSimpleName();
        return QueryException.unavailable("Trino could not run the query: " + reason, 5, cause);
    }

    private static boolean isTimeout(Throwable cause) {
        if (cause instanceof SQLTimeoutException) {
            return true;
        }
        String message = cause.getMessage() == null ? "" : cause.getMessage().toLowerCase(Locale.ROOT);
        return message.contains("timed out") || message.contains("exceeded maximum time")
                || message.contains("exceeded the maximum") || message.contains("query_max_run_time");
    }

    public CircuitBreaker circuitBreaker() {
        return breaker;
    }

    public ConcurrencyLimiter limiter() {
        return limiter;
    }
}
