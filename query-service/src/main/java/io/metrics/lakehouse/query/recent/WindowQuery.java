package io.metrics.lakehouse.query.recent;

import io.airlift.stats.TDigest;
import io.metrics.lakehouse.query.core.Aggregation;
import io.metrics.lakehouse.query.core.Point;
import io.metrics.lakehouse.query.core.QueryException;
import io.metrics.lakehouse.query.core.QueryRequest;
import io.metrics.lakehouse.query.core.Series;
import io.metrics.lakehouse.query.core.TagFilter;
import io.metrics.lakehouse.query.core.TierRange;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Answers a query from the window's points with the values the Trino statement gives for the same
 * parts (io.metrics.lakehouse.query.db.QuerySqlBuilder): each part's points fall in buckets of its
 * step; a series' counter increase is the sum over consecutive points of the range of
 * {@code v >= prev ? v - prev : v} (the first point adds 0), counted in the later point's bucket;
 * {@code last} is the value of the newest point of the group; quantiles come from a t-digest (Trino's).
 * Missing tags compare as the empty string; regular expressions match the whole value.
 */
final class WindowQuery {

    private final QueryRequest request;
    private final Buckets buckets;
    private final Predicate<Map<String, String>> filter;

    WindowQuery(QueryRequest request, List<TierRange> parts) {
        this.request = request;
        this.buckets = new Buckets(parts);
        this.filter = filter(request.filters());
    }

    List<Series> run(Map<Long, SeriesBuffer> series, int maxSeries, long maxPoints) {
        Aggregation agg = request.agg();
        Map<Object, Group> groups = new LinkedHashMap<>();
        long from = buckets.fromMillis();
        long to = buckets.toMillis();
        for (Map.Entry<Long, SeriesBuffer> entry : series.entrySet()) {
            SeriesBuffer buffer = entry.getValue();
            if (!filter.test(buffer.tags())) {
                continue;
            }
            Map<String, String> groupTags = groupTags(buffer.tags());
            Object key = request.groupBy().isEmpty() ? entry.getKey() : groupTags.toString();
            Group group = groups.get(key);
            boolean added = false;
            if (group == null) {
                group = new Group(groupTags, agg, buckets.size());
                added = true;
            }
            Group target = group;
            SeriesFold fold = new SeriesFold();
            buffer.visit(from, to, (ts, value) -> fold.accept(target, ts, value));
            if (added && fold.points > 0) {
                if (groups.size() >= maxSeries) {
                    throw QueryException.tooManySeries(maxSeries);
                }
                groups.put(key, group);
            }
        }
        List<Series> answer = new ArrayList<>(groups.size());
        long points = 0;
        for (Group group : groups.values()) {
            List<Point> values = new ArrayList<>();
            for (int i = 0; i < buckets.size(); i++) {
                if (group.count[i] == 0) {
                    continue;
                }
                double value = group.value(i, buckets.stepSeconds(i));
                if (Double.isNaN(value)) {
                    continue;
                }
                if (++points > maxPoints) {
                    throw QueryException.tooManyPoints(maxPoints);
                }
                values.add(new Point(Instant.ofEpochSecond(buckets.startSeconds(i)), value));
            }
            answer.add(new Series(group.tags, values));
        }
        answer.sort(Series.ORDER);
        return answer;
    }

    /** One series' walk through its points of the range. */
    private final class SeriesFold {
        private int part;
        private boolean hasPrevious;
        private double previous;
        private long points;

        void accept(Group group, long ts, double value) {
            int bucket = buckets.index(ts, this);
            double increase = !hasPrevious ? 0 : value >= previous ? value - previous : value;
            hasPrevious = true;
            previous = value;
            points++;
            group.add(bucket, ts, value, increase);
        }
    }

    private Map<String, String> groupTags(Map<String, String> tags) {
        if (request.groupBy().isEmpty()) {
            return tags;
        }
        Map<String, String> group = new TreeMap<>();
        for (String key : request.groupBy()) {
            String value = tags.get(key);
            if (value != null) {
                group.put(key, value);
            }
        }
        return group;
    }

    private static Predicate<Map<String, String>> filter(List<TagFilter> filters) {
        Predicate<Map<String, String>> all = tags -> true;
        for (TagFilter f : filters) {
            Predicate<String> test = switch (f.op()) {
                case EQUALS -> f.value()::equals;
                case NOT_EQUALS -> Predicate.not(f.value()::equals);
                case REGEX -> Pattern.compile(f.value()).asMatchPredicate();
                case NOT_REGEX -> Predicate.not(Pattern.compile(f.value()).asMatchPredicate());
                case IN -> {
                    Set<String> values = new HashSet<>(f.values());
                    yield values::contains;
                }
            };
            all = all.and(tags -> test.test(tags.getOrDefault(f.key(), "")));
        }
        return all;
    }

    /** The buckets of the (non-empty) parts, oldest first, numbered 0..size-1 (parts are aligned to their steps). */
    private static final class Buckets {
        private final long[] partFromMillis;
        private final long[] partToMillis;
        private final long[] partStepMillis;
        private final int[] partOffset;
        private final long[] startSeconds;
        private final long[] stepSeconds;

        Buckets(List<TierRange> parts) {
            int n = parts.size();
            partFromMillis = new long[n];
            partToMillis = new long[n];
            partStepMillis = new long[n];
            partOffset = new int[n];
            int total = 0;
            for (int p = 0; p < n; p++) {
                TierRange part = parts.get(p);
                long step = part.step().toSeconds();
                partFromMillis[p] = part.start().toEpochMilli();
                partToMillis[p] = part.end().toEpochMilli();
                partStepMillis[p] = step * 1000;
                partOffset[p] = total;
                total += (int) ((part.end().getEpochSecond() - part.start().getEpochSecond() + step - 1) / step);
            }
            startSeconds = new long[total];
            stepSeconds = new long[total];
            for (int p = 0; p < n; p++) {
                int end = p + 1 < n ? partOffset[p + 1] : total;
                for (int i = partOffset[p]; i < end; i++) {
                    stepSeconds[i] = partStepMillis[p] / 1000;
                    startSeconds[i] = partFromMillis[p] / 1000 + (i - partOffset[p]) * stepSeconds[i];
                }
            }
        }

        long fromMillis() {
            return partFromMillis[0];
        }

        long toMillis() {
            return partToMillis[partToMillis.length - 1];
        }

        /** The bucket of a point of the range; the fold's part only moves forward (points come in time order). */
        int index(long tsMillis, SeriesFold fold) {
            while (tsMillis >= partToMillis[fold.part]) {
                fold.part++;
            }
            int p = fold.part;
            return partOffset[p] + (int) Math.floorDiv(tsMillis - partFromMillis[p], partStepMillis[p]);
        }

        int size() {
            return startSeconds.length;
        }

        long startSeconds(int bucket) {
            return startSeconds[bucket];
        }

        long stepSeconds(int bucket) {
            return stepSeconds[bucket];
        }
    }

    /** The running aggregate of one answer series (a series, or a group of them) per bucket. */
    private static final class Group {
        final Map<String, String> tags;
        final Aggregation agg;
        final long[] count;
        final double[] sum;
        final double[] min;
        final double[] max;
        final long[] lastTs;
        final double[] last;
        final double[] increase;
        final TDigest[] digests;

        Group(Map<String, String> tags, Aggregation agg, int size) {
            this.tags = tags;
            this.agg = agg;
            count = new long[size];
            sum = agg.uses(Aggregation.Input.SUM) ? new double[size] : null;
            min = agg.uses(Aggregation.Input.MIN) ? new double[size] : null;
            max = agg.uses(Aggregation.Input.MAX) ? new double[size] : null;
            boolean last = agg == Aggregation.LAST;
            lastTs = last ? new long[size] : null;
            this.last = last ? new double[size] : null;
            increase = agg.isCounter() ? new double[size] : null;
            digests = agg.isQuantile() ? new TDigest[size] : null;
        }

        void add(int bucket, long ts, double value, double inc) {
            boolean first = count[bucket]++ == 0;
            if (sum != null) {
                sum[bucket] += value;
            }
            if (min != null) {
                min[bucket] = first ? value : Math.min(min[bucket], value);
            }
            if (max != null) {
                max[bucket] = first ? value : Math.max(max[bucket], value);
            }
            if (last != null && (first || ts > lastTs[bucket])) {
                lastTs[bucket] = ts;
                last[bucket] = value;
            }
            if (increase != null) {
                increase[bucket] += inc;
            }
            if (digests != null) {
                if (digests[bucket] == null) {
                    digests[bucket] = new TDigest();
                }
                digests[bucket].add(value);
            }
        }

        double value(int bucket, long stepSeconds) {
            return switch (agg) {
                case AVG -> sum[bucket] / count[bucket];
                case SUM -> sum[bucket];
                case MIN -> min[bucket];
                case MAX -> max[bucket];
                case COUNT -> count[bucket];
                case LAST -> last[bucket];
                case INCREASE -> increase[bucket];
                case RATE -> increase[bucket] / stepSeconds;
                case P50, P75, P90, P95, P99 -> digests[bucket].valueAt(agg.quantile().orElseThrow());
            };
        }
    }
}
