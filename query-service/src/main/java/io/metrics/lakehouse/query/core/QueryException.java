package io.metrics.lakehouse.query.core;

import java.util.Optional;
import java.util.OptionalLong;

/**
 * A query that is not answered, with the HTTP status that says why: 400 (bad parameter, named),
 * 422 (a guardrail: too long a range, too many series or points), 429 (the caller's concurrency),
 * 503 (Trino slow, failing or shed by the circuit breaker; with a Retry-After).
 */
public class QueryException extends RuntimeException {

    private final int status;
    private final String parameter;
    private final Long retryAfterSeconds;

    private QueryException(int status, String message, String parameter, Long retryAfterSeconds, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.parameter = parameter;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public static QueryException badParameter(String parameter, String message) {
        return new QueryException(400, message, parameter, null, null);
    }

    public static QueryException guardrail(String parameter, String message) {
        return new QueryException(422, message, parameter, null, null);
    }

    /** The answer would hold more than {@code maxSeries} series (or groups). */
    public static QueryException tooManySeries(int maxSeries) {
        return guardrail(QueryRequest.P_TAGS, "the query matches more than " + maxSeries
                + " series; narrow it with tags filters or group_by");
    }

    /** The answer would hold more than {@code maxPoints} points. */
    public static QueryException tooManyPoints(long maxPoints) {
        return guardrail(QueryRequest.P_STEP, "the answer has more than " + maxPoints
                + " points; use a larger step or a shorter range");
    }

    public static QueryException tooManyConcurrent(String message) {
        return new QueryException(429, message, null, 1L, null);
    }

    public static QueryException unavailable(String message, long retryAfterSeconds, Throwable cause) {
        return new QueryException(503, message, null, retryAfterSeconds, cause);
    }

    public int status() {
        return status;
    }

    public Optional<String> parameter() {
        return Optional.ofNullable(parameter);
    }

    public OptionalLong retryAfterSeconds() {
        return retryAfterSeconds == null ? OptionalLong.empty() : OptionalLong.of(retryAfterSeconds);
    }
}
