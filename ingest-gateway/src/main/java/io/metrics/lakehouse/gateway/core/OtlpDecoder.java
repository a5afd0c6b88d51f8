package io.metrics.lakehouse.gateway.core;

import io.metrics.lakehouse.core.MetricType;
import io.metrics.lakehouse.gateway.api.PointError;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.DataPointFlags;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.SummaryDataPoint;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Maps an OTLP {@code ExportMetricsServiceRequest} onto the shared pipeline's input (one
 * {@link MetricWrite} per resulting metric name). The mapping (also in the README):
 *
 * <ul>
 *   <li>gauge -> gauge; sum, monotonic and cumulative -> counter; sum, not monotonic -> gauge;</li>
 *   <li>histogram (cumulative) -> {@code <name>_count} and {@code <name>_sum} (counters) and
 *       {@code <name>_bucket} with tag {@code le} (counters, cumulative bucket counts as
 *       Prometheus has them, the last one {@code le=+Inf});</li>
 *   <li>summary -> {@code <name>_count}, {@code <name>_sum} (counters) and {@code <name>} with
 *       tag {@code quantile} (gauge);</li>
 *   <li>delta temporality (sums, histograms) and exponential histograms are rejected
 *       ({@code unsupported}): a delta cannot be turned into the cumulative value downstream
 *       expects without per-series state shared by every replica. The OpenTelemetry SDKs export
 *       cumulative by default.</li>
 *   <li>tags: the resource attributes listed in {@code ingest.otlp.resourceAttributes} (renamed,
 *       e.g. {@code service.name -> service}), then every scope attribute, then every data point
 *       attribute (a later one wins); scalar values as text, arrays and maps rejected
 *       ({@code invalid_tag}). The pipeline then validates them like any other tag.</li>
 *   <li>metric names: characters outside {@code [a-zA-Z0-9_.:]} (OTel allows {@code -} and
 *       {@code /}) become {@code _}.</li>
 *   <li>data points flagged "no recorded value" are dropped silently (OTLP's staleness marker).</li>
 * </ul>
 *
 * <p>Indexes count the data points of the whole request in order; every point derived from one
 * data point (a histogram's buckets) carries its index, so the rejected data points of an OTLP
 * answer are the distinct indexes of the errors.
 */
public final class OtlpDecoder {

    private static final Pattern NOT_NAME_CHAR = Pattern.compile("[^a-zA-Z0-9_.:]");
    private static final int NO_RECORDED_VALUE = DataPointFlags.DATA_POINT_FLAGS_NO_RECORDED_VALUE_MASK_VALUE;

    /** The request as the pipeline takes it. */
    public record Decoded(List<MetricWrite> writes, List<PointError> errors, int dataPoints, int noRecordedValue) {
    }

    private record Target(String metric, MetricType type, List<RawPoint> points) {
    }

    /** Why every data point of a metric is rejected (bad name, attribute or temporality). */
    private record Problem(String reason, String message) {
    }

    private final Map<String, String> resourceAttributes;

    private final Map<String, Target> targets = new LinkedHashMap<>();
    private final List<PointError> errors = new ArrayList<>();
    private int index;
    private int noRecordedValue;

    private OtlpDecoder(Map<String, String> resourceAttributes) {
        this.resourceAttributes = resourceAttributes;
    }

    public static Decoded decode(ExportMetricsServiceRequest request, String batchIdBase,
            Map<String, String> resourceAttributes) {
        OtlpDecoder decoder = new OtlpDecoder(resourceAttributes);
        for (ResourceMetrics resource : request.getResourceMetricsList()) {
            Map<String, String> resourceTags = new HashMap<>();
            Problem resourceProblem = null;
            for (KeyValue attribute : resource.getResource().getAttributesList()) {
                String tag = resourceAttributes.get(attribute.getKey());
                if (tag != null) {
                    String value = scalar(attribute.getValue());
                    if (value == null) {
                        resourceProblem = new Problem(PointError.INVALID_TAG,
                                "resource attribute '" + attribute.getKey() + "' is not a scalar");
                    } else {
                        resourceTags.put(tag, value);
                    }
                }
            }
            for (ScopeMetrics scope : resource.getScopeMetricsList()) {
                Map<String, String> scopeTags = new HashMap<>(resourceTags);
                Problem scopeProblem = resourceProblem;
                for (KeyValue attribute : scope.getScope().getAttributesList()) {
                    String value = scalar(attribute.getValue());
                    if (value == null) {
                        scopeProblem = new Problem(PointError.INVALID_TAG,
                                "scope attribute '" + attribute.getKey() + "' is not a scalar");
                    } else {
                        scopeTags.put(attribute.getKey(), value);
                    }
                }
                for (Metric metric : scope.getMetricsList()) {
                    decoder.metric(metric, scopeTags, scopeProblem);
                }
            }
        }
        List<MetricWrite> writes = new ArrayList<>(decoder.targets.size());
        for (Target target : decoder.targets.values()) {
            writes.add(new MetricWrite(target.metric(), target.type(), target.points(), List.of(),
                    BatchIds.perMetric(batchIdBase, target.metric())));
        }
        return new Decoded(writes, decoder.errors, decoder.index, decoder.noRecordedValue);
    }

    private void metric(Metric metric, Map<String, String> baseTags, Problem baseProblem) {
        String name = NOT_NAME_CHAR.matcher(metric.getName()).replaceAll("_");
        Problem nameProblem = MetricNames.problem(name).map(m -> new Problem(PointError.INVALID_METRIC, m)).orElse(null);
        switch (metric.getDataCase()) {
            case GAUGE -> {
                for (NumberDataPoint point : metric.getGauge().getDataPointsList()) {
                    number(name, MetricType.GAUGE, point, baseTags, problem(nameProblem, baseProblem, null));
                }
            }
            case SUM -> {
                var sum = metric.getSum();
                boolean delta = sum.getAggregationTemporality() == AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA;
                MetricType type = sum.getIsMonotonic() ? MetricType.COUNTER : MetricType.GAUGE;
                Problem temporality = delta ? new Problem(PointError.UNSUPPORTED,
                        "sum " + name + " has delta temporality; only cumulative is supported") : null;
                for (NumberDataPoint point : sum.getDataPointsList()) {
                    number(name, type, point, baseTags, problem(nameProblem, baseProblem, temporality));
                }
            }
            case HISTOGRAM -> {
                var histogram = metric.getHistogram();
                Problem temporality = histogram.getAggregationTemporality()
                        == AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA
                        ? new Problem(PointError.UNSUPPORTED,
                                "histogram " + name + " has delta temporality; only cumulative is supported") : null;
                for (HistogramDataPoint point : histogram.getDataPointsList()) {
                    histogram(name, point, baseTags, problem(nameProblem, baseProblem, temporality));
                }
            }
            case SUMMARY -> {
                for (SummaryDataPoint point : metric.getSummary().getDataPointsList()) {
                    summary(name, point, baseTags, problem(nameProblem, baseProblem, null));
                }
            }
            case EXPONENTIAL_HISTOGRAM -> {
                for (int i = 0; i < metric.getExponentialHistogram().getDataPointsCount(); i++) {
                    errors.add(new PointError(index++, PointError.UNSUPPORTED, "exponential histogram " + name
                            + " is not supported; use explicit bucket histograms"));
                }
            }
            default -> {
                // A metric without data: nothing to store.
            }
        }
    }

    private static Problem problem(Problem name, Problem attributes, Problem data) {
        return name != null ? name : attributes != null ? attributes : data;
    }

    private void number(String name, MetricType type, NumberDataPoint point, Map<String, String> baseTags,
            Problem problem) {
        int at = index++;
        if ((point.getFlags() & NO_RECORDED_VALUE) != 0) {
            noRecordedValue++;
            return;
        }
        Map<String, String> tags = tags(at, baseTags, point.getAttributesList(), problem);
        if (tags == null) {
            return;
        }
        double value = point.getValueCase() == NumberDataPoint.ValueCase.AS_INT ? point.getAsInt() : point.getAsDouble();
        add(name, type, new RawPoint(at, millis(point.getTimeUnixNano()), value, tags));
    }

    private void histogram(String name, HistogramDataPoint point, Map<String, String> baseTags, Problem problem) {
        int at = index++;
        if ((point.getFlags() & NO_RECORDED_VALUE) != 0) {
            noRecordedValue++;
            return;
        }
        Map<String, String> tags = tags(at, baseTags, point.getAttributesList(), problem);
        if (tags == null) {
            return;
        }
        if (point.getBucketCountsCount() != 0 && point.getBucketCountsCount() != point.getExplicitBoundsCount() + 1) {
            errors.add(new PointError(at, PointError.INVALID_VALUE, "histogram " + name + " has "
                    + point.getBucketCountsCount() + " bucket counts for " + point.getExplicitBoundsCount()
                    + " bounds (must be bounds + 1)"));
            return;
        }
        long ts = millis(point.getTimeUnixNano());
        add(name + "_count", MetricType.COUNTER, new RawPoint(at, ts, point.getCount(), tags));
        if (point.hasSum()) {
            add(name + "_sum", MetricType.COUNTER, new RawPoint(at, ts, point.getSum(), tags));
        }
        long cumulative = 0;
        for (int i = 0; i < point.getBucketCountsCount(); i++) {
            cumulative += point.getBucketCounts(i);
            String le = i < point.getExplicitBoundsCount() ? number(point.getExplicitBounds(i)) : "+Inf";
            add(name + "_bucket", MetricType.COUNTER, new RawPoint(at, ts, cumulative, with(tags, "le", le)));
        }
    }

    private void summary(String name, SummaryDataPoint point, Map<String, String> baseTags, Problem problem) {
        int at = index++;
        if ((point.getFlags() & NO_RECORDED_VALUE) != 0) {
            noRecordedValue++;
            return;
        }
        Map<String, String> tags = tags(at, baseTags, point.getAttributesList(), problem);
        if (tags == null) {
            return;
        }
        long ts = millis(point.getTimeUnixNano());
        add(name + "_count", MetricType.COUNTER, new RawPoint(at, ts, point.getCount(), tags));
        add(name + "_sum", MetricType.COUNTER, new RawPoint(at, ts, point.getSum(), tags));
        for (SummaryDataPoint.ValueAtQuantile quantile : point.getQuantileValuesList()) {
            add(name, MetricType.GAUGE, new RawPoint(at, ts, quantile.getValue(),
                    with(tags, "quantile", number(quantile.getQuantile()))));
        }
    }

    /** The data point's tags, or null (and an error recorded) when the point cannot be taken. */
    private Map<String, String> tags(int at, Map<String, String> baseTags, List<KeyValue> attributes,
            Problem problem) {
        if (problem != null) {
            errors.add(new PointError(at, problem.reason(), problem.message()));
            return null;
        }
        Map<String, String> tags = new HashMap<>(baseTags);
        for (KeyValue attribute : attributes) {
            String value = scalar(attribute.getValue());
            if (value == null) {
                errors.add(new PointError(at, PointError.INVALID_TAG, "attribute '" + attribute.getKey()
                        + "' is not a scalar (arrays, maps and bytes cannot be tags)"));
                return null;
            }
            tags.put(attribute.getKey(), value);
        }
        return tags;
    }

    private void add(String metric, MetricType type, RawPoint point) {
        targets.computeIfAbsent(metric, m -> new Target(m, type, new ArrayList<>())).points().add(point);
    }

    private static Map<String, String> with(Map<String, String> tags, String key, String value) {
        Map<String, String> copy = new HashMap<>(tags);
        copy.put(key, value);
        return copy;
    }

    /** Scalars as text; null for arrays, maps, bytes and empty values. */
    private static String scalar(AnyValue value) {
        return switch (value.getValueCase()) {
            case STRING_VALUE -> value.getStringValue();
            case BOOL_VALUE -> Boolean.toString(value.getBoolValue());
            case INT_VALUE -> Long.toString(value.getIntValue());
            case DOUBLE_VALUE -> number(value.getDoubleValue());
            default -> null;
        };
    }

    /** Bounds and quantiles as Prometheus writes them: 0.005, 1, 2.5, +Inf (no exponent, no trailing .0). */
    static String number(double value) {
        if (Double.isInfinite(value)) {
            return value > 0 ? "+Inf" : "-Inf";
        }
        if (Double.isNaN(value)) {
            return "NaN";
        }
        return BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
    }

    private static long millis(long unixNanos) {
        return unixNanos / 1_000_000;
    }
}
