package io.metrics.lakehouse.core;

import com.google.protobuf.InvalidProtocolBufferException;
import io.metrics.lakehouse.core.wire.v1.PointBatch;
import io.metrics.lakehouse.core.wire.v1.Sample;
import io.metrics.lakehouse.core.wire.v1.SeriesPoints;
import java.util.Map;

/**
 * How every reader of the points topic reads a record, so that they all hold the same points: the
 * value is a {@link PointBatch}; a series' id is recomputed here from the metric and its tags (never
 * what a producer claimed); samples with a non-finite value are skipped. The speed layer (raw_points)
 * and query-service's recent window both read through this.
 */
public final class PointRecords {

    /** Receives a batch's series, each followed by its usable samples, in record order. */
    public interface Sink {
        void series(long seriesId, Map<String, String> tags);

        /** @param index the sample's position in the record, skipped samples included */
        void sample(int index, long timestampMillis, double value);
    }

    private PointRecords() {
    }

    /** The record's value as a batch (a null value is an empty batch). */
    public static PointBatch parse(byte[] value) throws InvalidProtocolBufferException {
        return PointBatch.parseFrom(value == null ? new byte[0] : value);
    }

    /** Feeds the batch's series and finite samples to {@code sink}; returns how many samples were non-finite. */
    public static int forEachSample(PointBatch batch, Sink sink) {
        String metric = batch.getMetric();
        int index = 0;
        int nonFinite = 0;
        for (SeriesPoints series : batch.getSeriesList()) {
            Map<String, String> tags = series.getTagsMap();
            sink.series(SeriesId.of(metric, tags), tags);
            for (Sample sample : series.getSamplesList()) {
                if (Double.isFinite(sample.getValue())) {
                    sink.sample(index, sample.getTimestampMillis(), sample.getValue());
                } else {
                    nonFinite++;
                }
                index++;
            }
        }
        return nonFinite;
    }
}
