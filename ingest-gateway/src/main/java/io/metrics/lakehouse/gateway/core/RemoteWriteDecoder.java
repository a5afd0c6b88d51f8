package io.metrics.lakehouse.gateway.core;

import com.google.protobuf.InvalidProtocolBufferException;
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

    /**
     * Decodes the snappy-inflated body. The common shape (series of ASCII labels and plain samples,
     * no metadata) is read straight from the bytes by {@link PlainWriteRequest}, each series' labels
     * kept as {@link TagBytes}; anything else is parsed with the generated {@code WriteRequest}.
     * Both give the same points, tags and errors.
     *
     * @throws InvalidProtocolBufferException the body is not a {@code WriteRequest}
     */
    public static Decoded decode(byte[] body, String batchIdBase) throws InvalidProtocolBufferException {
        Collector collector = new Collector();
        if (PlainWriteRequest.read(body, collector)) {
            return collector.decoded(batchIdBase);
        }
        return decode(WriteRequest.parseFrom(body), batchIdBase);
    }

    public static Decoded decode(WriteRequest request, String batchIdBase) {
        Collector collector = new Collector();
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
            collector.series(metric, RawTags.of(tags));
            for (Sample sample : series.getSamplesList()) {
                collector.sample(sample.getTimestamp(), sample.getValue());
            }
            collector.nativeHistograms(series.getUnknownFields().getField(NATIVE_HISTOGRAMS_FIELD)
                    .getLengthDelimitedList().size());
        }
        return collector.decoded(batchIdBase);
    }

    /** Groups the samples of the series, in request order, by metric; counts indexes and stale markers. */
    static final class Collector {
        private final Map<String, List<RawPoint>> byMetric = new LinkedHashMap<>();
        private final List<PointError> errors = new ArrayList<>();
        private int index;
        private int stale;
        private String metric;
        private RawTags tags;
        private List<RawPoint> points;
        private String problem;

        /** A new series: its samples follow. */
        void series(String metric, RawTags tags) {
            this.metric = metric;
            this.tags = tags;
            problem = null;
            points = metric == null ? null : byMetric.get(metric);
            if (points == null) {
                problem = metric == null
                        ? "series " + tags.map() + " has no " + NAME_LABEL + " label"
                        : MetricNames.problem(metric).orElse(null);
                if (problem == null) {
                    points = new ArrayList<>();
                    byMetric.put(metric, points);
                }
            }
        }

        void sample(long timestamp, double value) {
            if (Double.doubleToRawLongBits(value) == STALE_NAN_BITS) {
                stale++;
            } else if (points == null) {
                errors.add(new PointError(index, PointError.INVALID_METRIC, problem));
            } else {
                points.add(new RawPoint(index, timestamp, value, tags));
            }
            index++;
        }

        /** After the series' samples. */
        void nativeHistograms(int count) {
            for (int i = 0; i < count; i++) {
                errors.add(new PointError(index++, PointError.UNSUPPORTED, "native histogram samples of "
                        + (metric == null ? "a series without name" : metric) + " are not supported"
                        + " (classic histograms are: _bucket, _sum, _count series)"));
            }
        }

        Decoded decoded(String batchIdBase) {
            List<MetricWrite> writes = new ArrayList<>(byMetric.size());
            byMetric.forEach((name, list) -> {
                if (!list.isEmpty()) {
                    writes.add(new MetricWrite(name, typeOf(name), list, List.of(),
                            BatchIds.perMetric(batchIdBase, name)));
                }
            });
            return new Decoded(writes, errors, stale, index);
        }
    }

    /** The Prometheus naming convention: counters end in _total, _count, _sum or _bucket. */
    public static MetricType typeOf(String metric) {
        return metric.endsWith("_total") || metric.endsWith("_count") || metric.endsWith("_sum")
                || metric.endsWith("_bucket") ? MetricType.COUNTER : MetricType.GAUGE;
    }
}
