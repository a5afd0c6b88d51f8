package io.metrics.lakehouse.gateway.core;

import io.metrics.lakehouse.core.MetricType;
import io.metrics.lakehouse.gateway.api.PointError;
import io.metrics.lakehouse.gateway.prompb.Remote.WriteRequest;
import io.metrics.lakehouse.gateway.prompb.Types.Label;
import io.metrics.lakehouse.gateway.prompb.Types.Sample;
import io.metrics.lakehouse.gateway.prompb.Types.TimeSeries;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Maps a Prometheus remote_write 1.0 {@code WriteRequest} onto the shared pipeline's input: one
 * {@link MetricWrite} per metric name ({@code __name__}); every other label becomes a tag (the
 * pipeline then lower-cases, validates and enriches it like any other).
 *
 * <ul>
 *   <li>Sample indexes (for error reports) count the samples of the whole request in order,
 *       across series.</li>
 *   <li>Metric type, used when the metric is created: Prometheus does not send it with the samples
 *       (metadata travels in separate requests), so it follows the naming convention: names ending
 *       in {@code _total}, {@code _count}, {@code _sum} or {@code _bucket} are counters, the rest
 *       gauges.</li>
 *   <li>Stale markers (NaN with the bits {@code 0x7ff0000000000002}: "this series is gone") are
 *       dropped silently: they are not points, and neither accepted nor rejected. Any other NaN or
 *       infinity is rejected by validation ({@code invalid_value}).</li>
 *   <li>A series without {@code __name__} or with a malformed one: its samples are rejected
 *       ({@code invalid_metric}). Native histograms (field 4 of TimeSeries, unknown to this
 *       schema) are rejected ({@code unsupported}), counted one per histogram sample.</li>
 * </ul>
 */
public final class RemoteWriteDecoder {

    /** Prometheus' staleness marker: a NaN with this exact bit pattern (value.StaleNaN). */
    public static final long STALE_NAN_BITS = 0x7ff0000000000002L;
    public static final String NAME_LABEL = "__name__";
    private static final int NATIVE_HISTOGRAMS_FIELD = 4;

    /** The request as the pipeline takes it. */
    public record Decoded(List<MetricWrite> writes, List<PointError> errors, int staleMarkers, int samples) {
    }

    private RemoteWriteDecoder() {
    }

    public static Decoded decode(WriteRequest request, String batchIdBase) {
        Map<String, List<RawPoint>> byMetric = new LinkedHashMap<>();
        List<PointError> errors = new ArrayList<>();
        int index = 0;
        int stale = 0;
        for (TimeSeries series : request.getTimeseriesList()) {
            String metric = null;
            Map<String, String> tags = new HashMap<>(series.getLabelsCount() * 2);
            for (Label label : series.getLabelsList()) {
                if (NAME_LABEL.equals(label.getName())) {
                    metric = label.getValue();
                } else {
                    tags.put(label.getName(), label.getValue());
                }
            }
            String problem = metric == null
                    ? "series " + tags + " has no " + NAME_LABEL + " label"
                    : MetricNames.problem(metric).orElse(null);
            List<RawPoint> points = problem == null ? byMetric.computeIfAbsent(metric, m -> new ArrayList<>()) : null;
            for (Sample sample : series.getSamplesList()) {
                double value = sample.getValue();
                if (Double.doubleToRawLongBits(value) == STALE_NAN_BITS) {
                    stale++;
                } else if (points == null) {
                    errors.add(new PointError(index, PointError.INVALID_METRIC, problem));
                } else {
                    points.add(new RawPoint(index, sample.getTimestamp(), value, tags));
                }
                index++;
            }
            var histograms = series.getUnknownFields().getField(NATIVE_HISTOGRAMS_FIELD);
            for (int i = 0; i < histograms.getLengthDelimitedList().size(); i++) {
                errors.add(new PointError(index++, PointError.UNSUPPORTED, "native histogram samples of "
                        + (metric == null ? "a series without name" : metric) + " are not supported"
                        + " (classic histograms are: _bucket, _sum, _count series)"));
            }
        }
        List<MetricWrite> writes = new ArrayList<>(byMetric.size());
        byMetric.forEach((metric, points) -> {
            if (!points.isEmpty()) {
                writes.add(new MetricWrite(metric, typeOf(metric), points, List.of(),
                        BatchIds.perMetric(batchIdBase, metric)));
            }
        });
        return new Decoded(writes, errors, stale, index);
    }

    /** The Prometheus naming convention: counters end in _total, _count, _sum or _bucket. */
    public static MetricType typeOf(String metric) {
        return metric.endsWith("_total") || metric.endsWith("_count") || metric.endsWith("_sum")
                || metric.endsWith("_bucket") ? MetricType.COUNTER : MetricType.GAUGE;
    }
}
