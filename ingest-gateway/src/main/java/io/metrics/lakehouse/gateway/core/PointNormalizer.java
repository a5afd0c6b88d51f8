package io.metrics.lakehouse.gateway.core;

import io.metrics.lakehouse.core.SeriesId;
import io.metrics.lakehouse.gateway.api.PointError;
import io.metrics.lakehouse.gateway.db.MetricDefinition;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Instant;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Validation and normalization of one point (the seed's list): finite value, timestamp inside
 * [now - maxPastAge, now + maxFutureSkew], tag count and lengths, tag keys trimmed and lower-cased
 * and then well-formed, unique and allowed (the metric's allowlist, else the global default; the
 * enrichment keys are always allowed), tag values non-empty. Then enrichment. The first problem
 * found is reported.
 */
public class PointNormalizer {

    public static final String TAG_KEY_PATTERN_TEXT = "[a-z_][a-z0-9_.]*";
    private static final Pattern TAG_KEY = Pattern.compile(TAG_KEY_PATTERN_TEXT);

    /** Either the point's (valid) series or the reason the point was rejected. */
    public record Result(NormalizedSeries series, PointError error) {
    }

    private final ValidationSettings settings;
    private final Map<String, String> enrichment;
    private final Set<String> globalAllowlist;
    private final long maxPastAgeMillis;
    private final long maxFutureSkewMillis;
    private final Cache<TagSetKey, NormalizedSeries> cache;

    /**
     * A tag set as sent, for one metric under one allowlist: everything the tag rules depend on
     * (the settings and the enrichment are fixed). Equal raw tags (for JSON and remote_write the
     * bytes they were sent as) normalize to the same tags and series id, so a series seen before
     * skips decoding its tags, the per-tag work and the hashing. Only successes are
     * cached: which error is reported first depends on the order the tags were sent in.
     */
    private record TagSetKey(String metric, Set<String> allowlist, RawTags rawTags) {
    }

    public PointNormalizer(ValidationSettings settings, Map<String, String> enrichment) {
        this.settings = settings;
        this.enrichment = Map.copyOf(enrichment);
        this.globalAllowlist = normalizedKeys(settings.getAllowedTagKeys());
        this.maxPastAgeMillis = settings.getMaxPastAge().toMilliseconds();
        this.maxFutureSkewMillis = settings.getMaxFutureSkew().toMilliseconds();
        this.cache = settings.getSeriesCacheSize() == 0 ? null
                : Caffeine.newBuilder().maximumSize(settings.getSeriesCacheSize()).build();
    }

    /** The allowlist that applies to a metric; empty = every well-formed key. */
    public Set<String> allowlistOf(MetricDefinition metric) {
        return metric.allowedTagKeys().map(PointNormalizer::normalizedKeys).orElse(globalAllowlist);
    }

    /**
     * The points of one metric in one request. A request repeats its tag sets (an agent sends
     * several points per series), so the tag sets it has seen are remembered for the rest of it, in
     * a small map that stays in the CPU cache, before the shared cache is asked.
     */
    public final class Scope {
        private final String metric;
        private final Set<String> allowlist;
        private final long nowMillis;
        private final Map<RawTags, NormalizedSeries> seen = new HashMap<>();

        private Scope(String metric, Set<String> allowlist, long nowMillis) {
            this.metric = metric;
            this.allowlist = allowlist;
            this.nowMillis = nowMillis;
        }

        public Result normalize(RawPoint point) {
            return PointNormalizer.this.normalize(point, metric, allowlist, nowMillis, seen);
        }
    }

    /** @param allowlist {@link #allowlistOf} the metric */
    public Scope scope(String metric, Set<String> allowlist, long nowMillis) {
        return new Scope(metric, allowlist, nowMillis);
    }

    private Result normalize(RawPoint point, String metric, Set<String> allowlist, long nowMillis,
            Map<RawTags, NormalizedSeries> seen) {
        int index = point.index();
        if (!Double.isFinite(point.value())) {
            return error(index, PointError.INVALID_VALUE, "value must be a finite number, got " + point.value());
        }
        long ts = point.timestampMillis();
        if (ts < nowMillis - maxPastAgeMillis) {
            return error(index, PointError.TIMESTAMP_OUT_OF_WINDOW, "timestamp " + instant(ts) + " is older than "
                    + settings.getMaxPastAge() + " (ingest.validation.maxPastAge)");
        }
        if (ts > nowMillis + maxFutureSkewMillis) {
            return error(index, PointError.TIMESTAMP_OUT_OF_WINDOW, "timestamp " + instant(ts) + " is more than "
                    + settings.getMaxFutureSkew() + " in the future (ingest.validation.maxFutureSkew)");
        }
        // Only tag sets that passed every rule are cached, their tag count included, so a hit skips
        // the count check as well; a miss runs the checks in the order they are reported.
        NormalizedSeries known = seen.get(point.tags());
        if (known != null) {
            return new Result(known, null);
        }
        known = cache == null ? null : cache.getIfPresent(new TagSetKey(metric, allowlist, point.tags()));
        if (known == null) {
            Map<String, String> raw = point.tags().map();
            if (raw.size() > settings.getMaxTags()) {
                return error(index, PointError.TOO_MANY_TAGS, "point has " + raw.size()
                        + " tags, at most " + settings.getMaxTags() + " are allowed");
            }
            Object checked = normalizeTags(index, raw, metric, allowlist);
            if (checked instanceof PointError error) {
                return new Result(null, error);
            }
            known = (NormalizedSeries) checked;
            if (cache != null) {
                cache.put(new TagSetKey(metric, allowlist, point.tags().detached()), known);
            }
        }
        seen.put(point.tags(), known);
        return new Result(known, null);
    }

    /** The tag rules, in the order they are reported: a {@link NormalizedSeries} or a {@link PointError}. */
    private Object normalizeTags(int index, Map<String, String> raw, String metric, Set<String> allowlist) {
        TreeMap<String, String> tags = new TreeMap<>();
        Map<String, String> sentAs = new TreeMap<>();
        for (Map.Entry<String, String> tag : raw.entrySet()) {
            String key = tag.getKey().trim().toLowerCase(Locale.ROOT);
            String value = tag.getValue();
            if (key.length() > settings.getMaxTagKeyLength()) {
                return error(index, PointError.TAG_TOO_LONG, "tag key '" + abbreviate(key) + "' is longer than "
                        + settings.getMaxTagKeyLength() + " characters").error();
            }
            if (!TAG_KEY.matcher(key).matches()) {
                return error(index, PointError.INVALID_TAG, "tag key '" + tag.getKey()
                        + "' is not valid: after trimming and lower-casing it must match " + TAG_KEY_PATTERN_TEXT)
                        .error();
            }
            if (sentAs.containsKey(key)) {
                return error(index, PointError.INVALID_TAG, "tag keys '" + sentAs.get(key) + "' and '"
                        + tag.getKey() + "' are the same key '" + key + "' after normalization").error();
            }
            sentAs.put(key, tag.getKey());
            if (value.isEmpty()) {
                return error(index, PointError.INVALID_TAG, "tag '" + key + "' has an empty value").error();
            }
            if (value.length() > settings.getMaxTagValueLength()) {
                return error(index, PointError.TAG_TOO_LONG, "value of tag '" + key + "' is longer than "
                        + settings.getMaxTagValueLength() + " characters").error();
            }
            if (!allowlist.isEmpty() && !allowlist.contains(key) && !enrichment.containsKey(key)) {
                return error(index, PointError.TAG_NOT_ALLOWED, "tag key '" + key + "' is not allowed for metric "
                        + metric + " (allowed: " + String.join(", ", new TreeSet<>(allowlist)) + ")").error();
            }
            tags.put(key, value);
        }
        enrichment.forEach(tags::putIfAbsent);
        // Shared by every point of the series (and every later request): never modified after this.
        SortedMap<String, String> frozen = Collections.unmodifiableSortedMap(tags);
        return new NormalizedSeries(SeriesId.of(metric, frozen), frozen);
    }

    private static Set<String> normalizedKeys(List<String> keys) {
        Set<String> set = new HashSet<>();
        for (String key : keys) {
            set.add(key.trim().toLowerCase(Locale.ROOT));
        }
        return Set.copyOf(set);
    }

    private static Result error(int index, String reason, String message) {
        return new Result(null, new PointError(index, reason, message));
    }

    private static String instant(long millis) {
        return Instant.ofEpochMilli(millis).toString();
    }

    private static String abbreviate(String text) {
        return text.length() <= 40 ? text : text.substring(0, 40) + "...";
    }
}
