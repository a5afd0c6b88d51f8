package io.metrics.lakehouse.query.core;

import io.metrics.lakehouse.query.api.DashboardPanel;
import io.metrics.lakehouse.query.api.DashboardSpec;
import io.metrics.lakehouse.query.api.DashboardTimeRange;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a dashboard before it is stored and fills in the defaults. A panel is checked by the query
 * API's own parser ({@link QueryRequest#parse}), so a saved panel is one the API accepts; errors
 * are 400s naming the field ({@code panels[1].tags}).
 */
public final class DashboardValidator {

    public static final int MAX_NAME_LENGTH = 200;
    public static final int MAX_TITLE_LENGTH = 200;
    public static final int MAX_PANELS = 50;
    public static final Set<String> REFRESH_VALUES = Set.of("off", "10s", "30s", "1m");
    public static final DashboardTimeRange DEFAULT_TIME_RANGE = new DashboardTimeRange("now-1h", "now");
    public static final String DEFAULT_REFRESH = "off";

    private static final Pattern PRINTABLE = Pattern.compile("[^\\p{Cntrl}]+");
    private static final int MAX_TIME_LENGTH = 64;

    private final Clock clock;

    public DashboardValidator(Clock clock) {
        this.clock = clock;
    }

    /** The spec with defaults filled in and names trimmed, or a 400 {@link QueryException}. */
    public DashboardSpec validate(DashboardSpec spec) {
        if (spec == null) {
            throw QueryException.badParameter("body", "a JSON object with name and panels is required");
        }
        String name = text("name", spec.name(), MAX_NAME_LENGTH);
        if (name == null) {
            throw QueryException.badParameter("name", "name is required");
        }
        if (spec.panels() == null) {
            throw QueryException.badParameter("panels", "panels is required (a list, may be empty)");
        }
        if (spec.panels().size() > MAX_PANELS) {
            throw QueryException.badParameter("panels", "at most " + MAX_PANELS + " panels");
        }
        List<DashboardPanel> panels = new ArrayList<>();
        for (int i = 0; i < spec.panels().size(); i++) {
            panels.add(panel("panels[" + i + "].", spec.panels().get(i)));
        }
        return new DashboardSpec(name, panels, timeRange(spec.timeRange()), refresh(spec.refresh()));
    }

    private DashboardPanel panel(String field, DashboardPanel panel) {
        if (panel == null) {
            throw QueryException.badParameter(field.substring(0, field.length() - 1), "a panel must be an object");
        }
        List<String> tags = withoutNulls(field + QueryRequest.P_TAGS, panel.tags());
        List<String> groupBy = withoutNulls(field + QueryRequest.P_GROUP_BY, panel.groupBy());
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        put(parameters, QueryRequest.P_METRIC, panel.metric() == null ? List.of() : List.of(panel.metric()));
        put(parameters, QueryRequest.P_TAGS, tags);
        put(parameters, QueryRequest.P_GROUP_BY, groupBy);
        put(parameters, QueryRequest.P_AGG, panel.agg() == null ? List.of() : List.of(panel.agg()));
        put(parameters, QueryRequest.P_STEP, panel.step() == null ? List.of() : List.of(panel.step()));
        QueryRequest request;
        try {
            request = QueryRequest.parse(parameters, clock);
        } catch (QueryException e) {
            String parameter = field + e.parameter().orElse(QueryRequest.P_METRIC);
            throw QueryException.badParameter(parameter, parameter + ": " + e.getMessage());
        }
        String title = text(field + "title", panel.title(), MAX_TITLE_LENGTH);
        String step = panel.step() == null || panel.step().isBlank() ? null : TimeExpressions.format(request.step());
        return new DashboardPanel(title == null ? request.metric() : title, request.metric(),
                tags.stream().map(String::trim).toList(), request.groupBy(), request.agg().wireName(), step);
    }

    private DashboardTimeRange timeRange(DashboardTimeRange range) {
        if (range == null) {
            return DEFAULT_TIME_RANGE;
        }
        String from = time("time_range.from", range.from(), DEFAULT_TIME_RANGE.from());
        String to = time("time_range.to", range.to(), DEFAULT_TIME_RANGE.to());
        Instant start = TimeExpressions.instant("time_range.from", from, clock);
        Instant end = TimeExpressions.instant("time_range.to", to, clock);
        if (!start.isBefore(end)) {
            throw QueryException.badParameter("time_range.from", "time_range.from must be before time_range.to");
        }
        return new DashboardTimeRange(from, to);
    }

    private static String time(String field, String value, String fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        if (value.length() > MAX_TIME_LENGTH) {
            throw QueryException.badParameter(field, field + " is longer than " + MAX_TIME_LENGTH + " characters");
        }
        return value.trim();
    }

    private static String refresh(String refresh) {
        if (refresh == null || refresh.isBlank()) {
            return DEFAULT_REFRESH;
        }
        if (!REFRESH_VALUES.contains(refresh.trim())) {
            throw QueryException.badParameter("refresh", "refresh must be one of off, 10s, 30s, 1m");
        }
        return refresh.trim();
    }

    /** Trimmed text, null when absent or blank; 400 when too long or with control characters. */
    private static String text(String field, String value, int maxLength) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String trimmed = value.trim();
        if (trimmed.length() > maxLength || !PRINTABLE.matcher(trimmed).matches()) {
            throw QueryException.badParameter(field, field + " must be at most " + maxLength
                    + " characters without control characters");
        }
        return trimmed;
    }

    private static List<String> withoutNulls(String field, List<String> values) {
        if (values == null) {
            return List.of();
        }
        for (String value : values) {
            if (value == null || value.isBlank()) {
                throw QueryException.badParameter(field, field + " must not contain empty entries");
            }
        }
        return values;
    }

    private static void put(Map<String, List<String>> parameters, String name, List<String> values) {
        if (!values.isEmpty()) {
            parameters.put(name, values);
        }
    }
}
