package io.metrics.lakehouse.query.core;

import com.github.benmanes.caffeine.cache.AsyncLoadingCache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.metrics.lakehouse.query.db.MetricRegistryDao;
import io.metrics.lakehouse.query.db.TagValuesDao;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.regex.Pattern;

/** What the pickers of a dashboard offer: metric names (registry) and tag keys/values (recent rollups). */
public class Discovery {

    public static final int MAX_METRICS = 500;
    private static final Pattern MATCH = Pattern.compile("[a-zA-Z0-9_.:*?-]{0,255}");

    private final MetricRegistryDao registry;
    private final TagValuesDao tagValues;
    private final Clock clock;
    private final Duration lookback;
    private final int top;
    private final AsyncLoadingCache<String, Map<String, List<TagValue>>> tagCache;

    public Discovery(MetricRegistryDao registry, TagValuesDao tagValues, Clock clock, QueryEngineConfiguration config,
            Executor executor) {
        this.registry = registry;
        this.tagValues = tagValues;
        this.clock = clock;
        this.lookback = config.getTagLookback().toJavaDuration();
        this.top = config.getTagTopValues();
        // Tag values change slowly and the scan is the most expensive picker query: cached, coalesced.
        this.tagCache = Caffeine.newBuilder()
                .expireAfterWrite(config.getTagCacheTtl().toJavaDuration())
                .maximumSize(1_000)
                .executor(executor)
                .buildAsync(metric -> {
                    try {
                        return tagValues.topValues(metric, clock.instant().minus(lookback), top);
                    } catch (SQLException e) {
                        throw new CompletionException(e);
                    }
                });
    }

    /**
     * Metrics matching {@code match}: a glob when it holds {@code *} or {@code ?} (whole name), else
     * a substring; empty matches all.
     */
    public List<MetricInfo> metrics(String match) {
        String value = match == null ? "" : match.trim();
        if (!MATCH.matcher(value).matches()) {
            throw QueryException.badParameter("match", "match must be up to 255 of [a-zA-Z0-9_.:-] and the globs * ?");
        }
        try {
            return registry.find(likePattern(value), MAX_METRICS);
        } catch (SQLException e) {
            throw QueryException.unavailable("the metric registry is not reachable: " + e.getMessage(), 5, e);
        }
    }

    static String likePattern(String match) {
        StringBuilder like = new StringBuilder();
        boolean glob = match.contains("*") || match.contains("?");
        if (!glob) {
            like.append('%');
        }
        for (char c : match.toCharArray()) {
            switch (c) {
                case '*' -> like.append('%');
                case '?' -> like.append('_');
                case '%', '_', '\\' -> like.append('\\').append(c);
                default -> like.append(c);
            }
        }
        if (!glob) {
            like.append('%');
        }
        return like.toString();
    }

    /** Tag keys of the metric and their top values. */
    public Map<String, List<TagValue>> tags(String metric) {
        if (metric == null || !QueryRequest.METRIC_NAME.matcher(metric).matches()) {
            throw QueryException.badParameter("name", "metric name must match " + QueryRequest.METRIC_NAME.pattern());
        }
        try {
            return tagCache.get(metric).get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw QueryException.unavailable("interrupted", 1, e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() instanceof CompletionException c && c.getCause() != null ? c.getCause() : e.getCause();
            throw QueryException.unavailable("Trino could not list the tags: " + cause.getMessage(), 5, cause);
        }
    }

    public Duration lookback() {
        return lookback;
    }

    public int top() {
        return top;
    }
}
