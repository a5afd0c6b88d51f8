package io.metrics.lakehouse.query.alerting.resources;

import io.metrics.lakehouse.query.alerting.api.AlertRuleBody;
import io.metrics.lakehouse.query.alerting.api.AlertRuleView;
import io.metrics.lakehouse.query.alerting.api.BadRequestException;
import io.metrics.lakehouse.query.alerting.api.TagFilterBody;
import io.metrics.lakehouse.query.alerting.core.AlertRule;
import io.metrics.lakehouse.query.alerting.core.Expression;
import io.metrics.lakehouse.query.alerting.core.ExpressionException;
import io.metrics.lakehouse.query.alerting.core.ExpressionParser;
import io.metrics.lakehouse.query.alerting.core.NoDataPolicy;
import io.metrics.lakehouse.query.alerting.core.Severity;
import io.metrics.lakehouse.query.alerting.core.TagFilter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Validates rule bodies into {@link AlertRule}s (400 naming the field) and renders rules back. */
public class RuleRequests {

    private static final int MAX_NAME = 255;
    private static final int MAX_WINDOW_SECONDS = 7 * 24 * 3600;
    private static final Pattern LABEL_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.\\-]*");

    private final Set<String> knownChannels;

    public RuleRequests(Set<String> knownChannels) {
        this.knownChannels = Set.copyOf(knownChannels);
    }

    public AlertRule toRule(AlertRuleBody body) {
        if (body == null) {
            throw new BadRequestException(null, "a JSON body is required");
        }
        String metric = required("metric", body.metric());
        if (metric.length() > MAX_NAME) {
            throw new BadRequestException("metric", "metric is longer than " + MAX_NAME + " characters");
        }
        String name = required("name", body.name());
        if (name.length() > MAX_NAME) {
            throw new BadRequestException("name", "name is longer than " + MAX_NAME + " characters");
        }
        String expressionText = required("expression", body.expression());
        Expression expression;
        try {
            expression = ExpressionParser.parse(expressionText);
        } catch (ExpressionException e) {
            throw new BadRequestException("expression", "invalid expression: " + e.getMessage(), e.position());
        }
        int window = bounded("window_seconds", body.windowSeconds(), 60, 1, MAX_WINDOW_SECONDS);
        int forSeconds = bounded("for_seconds", body.forSeconds(), 0, 0, MAX_WINDOW_SECONDS);
        int interval = bounded("interval_seconds", body.intervalSeconds(), 15, 1, 24 * 3600);
        Severity severity = enumValue("severity", required("severity", body.severity()), Severity.class);
        NoDataPolicy noData = enumValue("no_data", body.noData() == null ? "ok" : body.noData(), NoDataPolicy.class);
        List<TagFilter> filters = new ArrayList<>();
        for (TagFilterBody filter : body.tagFilters() == null ? List.<TagFilterBody>of() : body.tagFilters()) {
            filters.add(tagFilter(filter));
        }
        List<String> groupBy = labelNames("group_by", body.groupBy());
        List<String> channels = new ArrayList<>(new LinkedHashSet<>(body.channels() == null ? List.of() : body.channels()));
        for (String channel : channels) {
            if (!knownChannels.contains(channel)) {
                throw new BadRequestException("channels", "unknown channel '" + channel + "'; configured channels: "
                        + knownChannels.stream().sorted().toList());
            }
        }
        Map<String, String> annotations = new LinkedHashMap<>(body.annotations() == null ? Map.of() : body.annotations());
        if (annotations.containsValue(null)) {
            throw new BadRequestException("annotations", "annotation values must be strings");
        }
        return new AlertRule(null, metric, name, expressionText.trim(), expression, window, forSeconds, severity,
                filters, groupBy, interval, channels, annotations, noData, null, null);
    }

    public static AlertRuleView view(AlertRule rule) {
        return new AlertRuleView(rule.id(), "active", rule.metric(), rule.name(), rule.expressionText(),
                rule.windowSeconds(), rule.forSeconds(), rule.severity().name().toLowerCase(Locale.ROOT),
                rule.tagFilters().stream().map(RuleRequests::body).toList(), rule.groupBy(), rule.intervalSeconds(),
                rule.channels(), rule.annotations(), rule.noDataPolicy().name().toLowerCase(Locale.ROOT),
                rule.createdAt().toString(), rule.updatedAt().toString());
    }

    private static TagFilterBody body(TagFilter filter) {
        return filter.op() == TagFilter.Op.IN
                ? new TagFilterBody(filter.tag(), filter.op().symbol(), null, filter.values())
                : new TagFilterBody(filter.tag(), filter.op().symbol(), filter.values().get(0), null);
    }

    private static TagFilter tagFilter(TagFilterBody body) {
        if (body == null || body.tag() == null || !LABEL_NAME.matcher(body.tag()).matches()) {
            throw new BadRequestException("tag_filters", "every tag filter needs a tag name ([A-Za-z_][A-Za-z0-9_.-]*)");
        }
        TagFilter.Op op;
        try {
            op = TagFilter.Op.fromSymbol(body.op() == null ? "=" : body.op());
        } catch (IllegalArgumentException e) {
            throw new BadRequestException("tag_filters", e.getMessage());
        }
        List<String> values;
        if (op == TagFilter.Op.IN) {
            if (body.values() == null || body.values().isEmpty() || body.values().contains(null)) {
                throw new BadRequestException("tag_filters", "tag filter '" + body.tag() + " in' needs a non-empty 'values' list");
            }
            values = body.values();
        } else {
            if (body.value() == null) {
                throw new BadRequestException("tag_filters", "tag filter '" + body.tag() + " " + op.symbol() + "' needs a 'value'");
            }
            values = List.of(body.value());
        }
        if (op == TagFilter.Op.REGEX || op == TagFilter.Op.NOT_REGEX) {
            try {
                Pattern.compile(values.get(0));
            } catch (PatternSyntaxException e) {
                throw new BadRequestException("tag_filters", "tag filter '" + body.tag() + "': invalid regular expression: "
                        + e.getDescription(), e.getIndex());
            }
        }
        return new TagFilter(body.tag(), op, values);
    }

    private static List<String> labelNames(String field, List<String> names) {
        List<String> result = new ArrayList<>();
        for (String name : names == null ? List.<String>of() : names) {
            if (name == null || !LABEL_NAME.matcher(name).matches()) {
                throw new BadRequestException(field, "invalid label name '" + name + "'");
            }
            if (name.equals(AlertRule.ALERTNAME) || name.equals(AlertRule.SEVERITY)) {
                throw new BadRequestException(field, "'" + name + "' is set by the rule itself");
            }
            if (!result.contains(name)) {
                result.add(name);
            }
        }
        return result;
    }

    private static String required(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new BadRequestException(field, field + " is required");
        }
        return value.trim();
    }

    private static int bounded(String field, Integer value, int defaultValue, int min, int max) {
        int result = value == null ? defaultValue : value;
        if (result < min || result > max) {
            throw new BadRequestException(field, field + " must be between " + min + " and " + max + ", was " + result);
        }
        return result;
    }

    private static <E extends Enum<E>> E enumValue(String field, String value, Class<E> type) {
        try {
            return Enum.valueOf(type, value.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new BadRequestException(field, field + " must be one of "
                    + Arrays.stream(type.getEnumConstants()).map(c -> c.name().toLowerCase(Locale.ROOT)).toList()
                    + ", was '" + value + "'");
        }
    }
}
