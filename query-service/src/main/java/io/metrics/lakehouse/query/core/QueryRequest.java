package io.metrics.lakehouse.query.core;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One query: a metric over {@code [start, end)} in steps, aggregated, filtered by tags, optionally
 * grouped. Immutable; values are validated on construction, so a request that exists is safe to
 * turn into SQL (user values still only ever travel as bind parameters).
 *
 * <p>Steps: a divisor of a minute (1s..30s), a divisor of an hour that is whole minutes (1m..60m),
 * or whole hours. So every step in play divides the larger ones and the tiers' sub-ranges tile the
 * range without a partial bucket at their seams.
 */
public record QueryRequest(String metric, Instant start, Instant end, Duration step, Aggregation agg,
        List<String> groupBy, List<TagFilter> filters) {

    public static final String P_METRIC = "metric";
    public static final String P_START = "start";
    public static final String P_END = "end";
    public static final String P_STEP = "step";
    public static final String P_TAGS = "tags";
    public static final String P_AGG = "agg";
    public static final String P_GROUP_BY = "group_by";
    public static final Set<String> PARAMETERS = Set.of(P_METRIC, P_START, P_END, P_STEP, P_TAGS, P_AGG, P_GROUP_BY);

    public static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_.:-]{0,254}");
    public static final Pattern TAG_KEY = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_.-]{0,127}");
    /**
     * A value or pattern: printable, without quotes, semicolons or SQL comment markers. Values only
     * ever reach Trino as bind parameters; refusing these characters as well makes an injection
     * attempt a 400 that never reaches Trino (no tag the gateway accepts needs them).
     */
    private static final Pattern TAG_VALUE = Pattern.compile("(?!.*--)(?!.*/\\*)[^\\p{Cntrl}'\";`]{1,256}");
    private static final Pattern FILTER = Pattern.compile("(" + TAG_KEY.pattern() + ")(!~|~|!)?:(.*)", Pattern.DOTALL);
    private static final Pattern IN_LIST = Pattern.compile("\\((.*)\\)", Pattern.DOTALL);

    public static final int MAX_REGEX_LENGTH = 256;
    public static final int MAX_FILTERS = 20;
    public static final int MAX_IN_VALUES = 100;
    public static final int MAX_GROUP_BY = 10;
    /** Points per series aimed at when no step is given. */
    public static final long DEFAULT_POINTS = 360;
    public static final Duration DEFAULT_RANGE = Duration.ofHours(1);
    public static final Aggregation DEFAULT_AGG = Aggregation.AVG;

    public QueryRequest {
        if (metric == null || !METRIC_NAME.matcher(metric).matches()) {
            throw QueryException.badParameter(P_METRIC, "metric is required and must match " + METRIC_NAME.pattern());
        }
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        if (!start.isBefore(end)) {
            throw QueryException.badParameter(P_START, "start must be before end");
        }
        Objects.requireNonNull(step, "step");
        if (!isAllowedStep(step)) {
            throw QueryException.badParameter(P_STEP, "step must divide a minute (1s..30s), divide an hour in whole"
                    + " minutes (1m..60m) or be whole hours; got " + TimeExpressions.format(step));
        }
        agg = agg == null ? DEFAULT_AGG : agg;
        groupBy = List.copyOf(groupBy == null ? List.of() : groupBy);
        if (groupBy.size() > MAX_GROUP_BY || groupBy.stream().distinct().count() != groupBy.size()) {
            throw QueryException.badParameter(P_GROUP_BY, "group_by takes at most " + MAX_GROUP_BY + " distinct tag keys");
        }
        for (String key : groupBy) {
            requireTagKey(P_GROUP_BY, key);
        }
        filters = List.copyOf(filters == null ? List.of() : filters);
        if (filters.size() > MAX_FILTERS) {
            throw QueryException.badParameter(P_TAGS, "at most " + MAX_FILTERS + " tag filters");
        }
        filters.forEach(QueryRequest::validate);
    }

    public static boolean isAllowedStep(Duration step) {
        long s = step.toSeconds();
        if (step.toNanos() % 1_000_000_000L != 0 || s <= 0) {
            return false;
        }
        if (s < 60) {
            return 60 % s == 0;
        }
        if (s <= 3600) {
            return s % 60 == 0 && 3600 % s == 0;
        }
        return s % 3600 == 0 && s <= Duration.ofDays(366).toSeconds();
    }

    /** The smallest allowed step that gives at most {@link #DEFAULT_POINTS} points over the range. */
    public static Duration defaultStep(Instant start, Instant end) {
        long wanted = Math.max(1, (Duration.between(start, end).toSeconds() + DEFAULT_POINTS - 1) / DEFAULT_POINTS);
        for (long s : new long[] {1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600}) {
            if (s >= wanted) {
                return Duration.ofSeconds(s);
            }
        }
        return Duration.ofHours((wanted + 3599) / 3600);
    }

    private static void requireTagKey(String parameter, String key) {
        if (key == null || !TAG_KEY.matcher(key).matches()) {
            throw QueryException.badParameter(parameter, "tag key must match " + TAG_KEY.pattern());
        }
    }

    private static void validate(TagFilter filter) {
        requireTagKey(P_TAGS, filter.key());
        if (filter.op() == TagFilter.Op.IN && filter.values().size() > MAX_IN_VALUES) {
            throw QueryException.badParameter(P_TAGS, "an in-list takes at most " + MAX_IN_VALUES + " values");
        }
        for (String value : filter.values()) {
            if (value == null || !TAG_VALUE.matcher(value).matches()) {
                throw QueryException.badParameter(P_TAGS, "tag value of '" + filter.key()
                        + "' must be 1-256 characters without control characters, quotes, semicolons, -- or /*");
            }
        }
        if (filter.op() == TagFilter.Op.REGEX || filter.op() == TagFilter.Op.NOT_REGEX) {
            if (filter.value().length() > MAX_REGEX_LENGTH) {
                throw QueryException.badParameter(P_TAGS, "regular expression of '" + filter.key()
                        + "' is longer than " + MAX_REGEX_LENGTH + " characters");
            }
            try {
                Pattern.compile(filter.value());
            } catch (PatternSyntaxException e) {
                throw QueryException.badParameter(P_TAGS, "regular expression of '" + filter.key() + "' is invalid: "
                        + e.getDescription());
            }
        }
    }

    /**
     * From the HTTP query parameters (each name to its values). Unknown parameters are refused, so a
     * typo does not silently widen a query.
     */
    public static QueryRequest parse(Map<String, List<String>> parameters, Clock clock) {
        for (String name : parameters.keySet()) {
            if (!PARAMETERS.contains(name)) {
                throw QueryException.badParameter(name, "unknown parameter '" + name + "'; known: "
                        + String.join(", ", PARAMETERS.stream().sorted().toList()));
            }
        }
        String metric = single(parameters, P_METRIC);
        if (metric == null) {
            throw QueryException.badParameter(P_METRIC, "metric is required");
        }
        String endText = single(parameters, P_END);
        Instant end = endText == null ? clock.instant() : TimeExpressions.instant(P_END, endText, clock);
        String startText = single(parameters, P_START);
        Instant start = startText == null ? end.minus(DEFAULT_RANGE) : TimeExpressions.instant(P_START, startText, clock);
        if (!start.isBefore(end)) {
            throw QueryException.badParameter(P_START, "start must be before end");
        }
        String stepText = single(parameters, P_STEP);
        Duration step = stepText == null ? defaultStep(start, end) : TimeExpressions.duration(P_STEP, stepText);
        String aggText = single(parameters, P_AGG);
        Aggregation agg = aggText == null ? DEFAULT_AGG : Aggregation.fromWireName(aggText.trim())
                .orElseThrow(() -> QueryException.badParameter(P_AGG, "agg must be one of "
                        + String.join(", ", java.util.Arrays.stream(Aggregation.values()).map(Aggregation::wireName).toList())));
        List<String> groupBy = new ArrayList<>();
        for (String value : parameters.getOrDefault(P_GROUP_BY, List.of())) {
            for (String key : value.split(",", -1)) {
                requireTagKey(P_GROUP_BY, key.trim());
                groupBy.add(key.trim());
            }
        }
        List<TagFilter> filters = new ArrayList<>();
        for (String value : parameters.getOrDefault(P_TAGS, List.of())) {
            for (String part : splitTopLevel(value)) {
                filters.add(parseFilter(part));
            }
        }
        return new QueryRequest(metric.trim(), start, end, step, agg, groupBy, filters);
    }

    private static String single(Map<String, List<String>> parameters, String name) {
        List<String> values = parameters.get(name);
        if (values == null || values.isEmpty()) {
            return null;
        }
        if (values.size() > 1) {
            throw QueryException.badParameter(name, name + " may be given once");
        }
        String value = values.get(0);
        if (value.length() > 1024) {
            throw QueryException.badParameter(name, name + " is too long");
        }
        return value.isBlank() ? null : value;
    }

    /** Splits at commas outside (), [] and {} so that in-lists and regexes may contain commas. */
    static List<String> splitTopLevel(String value) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int from = 0;
        boolean escaped = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (escaped) {
                escaped = false;
            } else if (c == '\\') {
                escaped = true;
            } else if (c == '(' || c == '[' || c == '{') {
                depth++;
            } else if ((c == ')' || c == ']' || c == '}') && depth > 0) {
                depth--;
            } else if (c == ',' && depth == 0) {
                parts.add(value.substring(from, i));
                from = i + 1;
            }
        }
        parts.add(value.substring(from));
        return parts;
    }

    /** {@code k:v}, {@code k!:v}, {@code k~:regex}, {@code k!~:regex}, {@code k:(a|b|c)}. */
    static TagFilter parseFilter(String text) {
        Matcher m = FILTER.matcher(text.trim());
        if (!m.matches()) {
            throw QueryException.badParameter(P_TAGS, "tag filter must be key:value, key!:value, key~:regex,"
                    + " key!~:regex or key:(a|b|c), with a key matching " + TAG_KEY.pattern());
        }
        String key = m.group(1);
        String op = m.group(2);
        String value = m.group(3);
        if (op == null) {
            Matcher in = IN_LIST.matcher(value);
            return in.matches() ? TagFilter.in(key, List.of(in.group(1).split("\\|", -1))) : TagFilter.equalTo(key, value);
        }
        return switch (op) {
            case "!" -> TagFilter.notEqualTo(key, value);
            case "~" -> TagFilter.regex(key, value);
            case "!~" -> TagFilter.notRegex(key, value);
            default -> throw new IllegalStateException(op);
        };
    }

    /** The same request over a different range (the engine aligns ranges to the step). */
    public QueryRequest withRange(Instant newStart, Instant newEnd) {
        return new QueryRequest(metric, newStart, newEnd, step, agg, groupBy, filters);
    }

    public static Builder builder(String metric) {
        return new Builder(metric);
    }

    /** For callers in code (alerting, dashboards): {@code QueryRequest.builder("m").range(a, b).build()}. */
    public static final class Builder {
        private final String metric;
        private Instant start;
        private Instant end;
        private Duration step;
        private Aggregation agg = DEFAULT_AGG;
        private final List<String> groupBy = new ArrayList<>();
        private final List<TagFilter> filters = new ArrayList<>();

        private Builder(String metric) {
            this.metric = metric;
        }

        public Builder range(Instant start, Instant end) {
            this.start = start;
            this.end = end;
            return this;
        }

        public Builder step(Duration step) {
            this.step = step;
            return this;
        }

        public Builder agg(Aggregation agg) {
            this.agg = agg;
            return this;
        }

        public Builder groupBy(String... keys) {
            groupBy.addAll(List.of(keys));
            return this;
        }

        public Builder filter(TagFilter filter) {
            filters.add(filter);
            return this;
        }

        public QueryRequest build() {
            if (start == null || end == null) {
                throw QueryException.badParameter(P_START, "start and end are required");
            }
            Duration effectiveStep = step != null ? step : defaultStep(start, end);
            return new QueryRequest(metric, start, end, effectiveStep, agg, groupBy, filters);
        }
    }
}
