package io.metrics.lakehouse.gateway.core;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.WireFormat;
import io.metrics.lakehouse.core.wire.v1.MetricType;
import io.metrics.lakehouse.core.wire.v1.PointBatch;
import io.metrics.lakehouse.core.wire.v1.RejectedBatch;
import io.metrics.lakehouse.core.wire.v1.Sample;
import io.metrics.lakehouse.core.wire.v1.SeriesPoints;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Encodes a metric's points of one request as {@code PointBatch} (accepted) or {@code RejectedBatch}
 * (dead letters) records. Normally one record per metric and request, whose batch id is the
 * request's; a request larger than {@code ingest.maxRecordBytes} for one metric is split at sample
 * boundaries into parts {@code <batchId>/<i>-of-<n>}. The split is a pure function of the request,
 * so a retried request produces the same batch ids and downstream deduplication still works.
 *
 * <p>{@code PointBatch} records, the hot path, are written straight from the point columns with
 * {@link CodedOutputStream}, each series' id and tags copied from their encoding kept with the
 * series ({@link NormalizedSeries}); the bytes are those the generated builders would produce
 * (fields in number order, proto3 defaults omitted), without a builder and a message per sample.
 */
public class BatchEncoder {

    /** Room for the batch's own fields (batch id, metric, source, ...). */
    private static final int HEADER_ALLOWANCE = 1024;
    /** The tags of PointBatch.series (6) and SeriesPoints.samples (3) take one byte each. */
    private static final int TAG_BYTES = 1;

    /** Samples {@code [from, to)} of one series: what one part holds of it. */
    private record Slice(SeriesGroup group, int from, int to) {
    }

    private final int maxRecordBytes;

    public BatchEncoder(int maxRecordBytes) {
        this.maxRecordBytes = Math.max(HEADER_ALLOWANCE * 2, maxRecordBytes) - HEADER_ALLOWANCE;
    }

    /** @return the serialized {@code PointBatch} records */
    public List<byte[]> points(String batchId, String metric, MetricType type, String source,
            long ingestedAtMillis, Collection<SeriesGroup> series) {
        List<List<Slice>> parts = split(series);
        List<byte[]> batches = new ArrayList<>(parts.size());
        for (int i = 0; i < parts.size(); i++) {
            byte[] head = PointBatch.newBuilder()
                    .setBatchId(partId(batchId, i, parts.size()))
                    .setMetric(metric)
                    .setMetricType(type)
                    .setSource(source)
                    .setIngestedAtMillis(ingestedAtMillis)
                    .build()
                    .toByteArray();
            batches.add(encode(head, parts.get(i)));
        }
        return batches;
    }

    public List<RejectedBatch> rejected(String batchId, String metric, String source, long rejectedAtMillis,
            String reason, String detail, Collection<SeriesGroup> series) {
        List<List<Slice>> parts = split(series);
        List<RejectedBatch> batches = new ArrayList<>(parts.size());
        for (int i = 0; i < parts.size(); i++) {
            RejectedBatch.Builder batch = RejectedBatch.newBuilder()
                    .setBatchId(partId(batchId, i, parts.size()))
                    .setMetric(metric)
                    .setSource(source)
                    .setRejectedAtMillis(rejectedAtMillis)
                    .setReason(reason)
                    .setDetail(detail);
            for (Slice slice : parts.get(i)) {
                SeriesPoints.Builder points = SeriesPoints.newBuilder()
                        .setSeriesId(slice.group().seriesId())
                        .putAllTags(slice.group().tags());
                for (int s = slice.from(); s < slice.to(); s++) {
                    points.addSamples(Sample.newBuilder()
                            .setTimestampMillis(slice.group().timestampMillis(s))
                            .setValue(slice.group().value(s)));
                }
                batch.addSeries(points);
            }
            batches.add(batch.build());
        }
        return batches;
    }

    private static String partId(String batchId, int index, int count) {
        return count == 1 ? batchId : batchId + "/" + (index + 1) + "-of-" + count;
    }

    /** Series (and, for very long series, their samples) packed into parts of bounded size. */
    private List<List<Slice>> split(Collection<SeriesGroup> series) {
        List<List<Slice>> parts = new ArrayList<>();
        List<Slice> part = new ArrayList<>();
        long partBytes = 0;
        for (SeriesGroup group : series) {
            int seriesOverhead = group.series().encodedHeader().length + 6; // field tag + length prefix
            int from = 0;
            for (int s = 0; s < group.size(); s++) {
                int sampleSize = sampleSize(group.timestampMillis(s), group.value(s));
                int cost = sampleSize + 2 + (s == from ? seriesOverhead : 0);
                boolean partHasContent = !part.isEmpty() || s > from;
                if (partHasContent && partBytes + cost > maxRecordBytes) {
                    if (s > from) {
                        part.add(new Slice(group, from, s));
                        from = s;
                    }
                    parts.add(part);
                    part = new ArrayList<>();
                    partBytes = 0;
                    cost = sampleSize + 2 + seriesOverhead;
                }
                partBytes += cost;
            }
            if (group.size() > from) {
                part.add(new Slice(group, from, group.size()));
            }
        }
        if (!part.isEmpty()) {
            parts.add(part);
        }
        return parts;
    }

    /** The {@code PointBatch}: its own fields ({@code head}, fields 1-5) followed by the series (field 6). */
    private static byte[] encode(byte[] head, List<Slice> part) {
        int[] seriesSizes = new int[part.size()];
        int total = head.length;
        for (int i = 0; i < part.size(); i++) {
            Slice slice = part.get(i);
            int size = slice.group().series().encodedHeader().length;
            for (int s = slice.from(); s < slice.to(); s++) {
                int sampleSize = sampleSize(slice.group().timestampMillis(s), slice.group().value(s));
                size += TAG_BYTES + CodedOutputStream.computeUInt32SizeNoTag(sampleSize) + sampleSize;
            }
            seriesSizes[i] = size;
            total += TAG_BYTES + CodedOutputStream.computeUInt32SizeNoTag(size) + size;
        }
        byte[] bytes = new byte[total];
        CodedOutputStream out = CodedOutputStream.newInstance(bytes);
        try {
            out.writeRawBytes(head);
            for (int i = 0; i < part.size(); i++) {
                Slice slice = part.get(i);
                SeriesGroup group = slice.group();
                out.writeTag(PointBatch.SERIES_FIELD_NUMBER, WireFormat.WIRETYPE_LENGTH_DELIMITED);
                out.writeUInt32NoTag(seriesSizes[i]);
                out.writeRawBytes(group.series().encodedHeader());
                for (int s = slice.from(); s < slice.to(); s++) {
                    long timestamp = group.timestampMillis(s);
                    double value = group.value(s);
                    out.writeTag(SeriesPoints.SAMPLES_FIELD_NUMBER, WireFormat.WIRETYPE_LENGTH_DELIMITED);
                    out.writeUInt32NoTag(sampleSize(timestamp, value));
                    if (timestamp != 0) {
                        out.writeInt64(Sample.TIMESTAMP_MILLIS_FIELD_NUMBER, timestamp);
                    }
                    if (Double.doubleToRawLongBits(value) != 0) {
                        out.writeDouble(Sample.VALUE_FIELD_NUMBER, value);
                    }
                }
            }
            out.checkNoSpaceLeft();
        } catch (IOException e) {
            throw new UncheckedIOException("a PointBatch did not fit the size computed for it", e);
        }
        return bytes;
    }

    /** {@code Sample.getSerializedSize()}: proto3 leaves out a zero timestamp and a +0.0 value. */
    private static int sampleSize(long timestampMillis, double value) {
        return (timestampMillis != 0 ? CodedOutputStream.computeInt64Size(Sample.TIMESTAMP_MILLIS_FIELD_NUMBER,
                timestampMillis) : 0) + (Double.doubleToRawLongBits(value) != 0 ? 9 : 0);
    }
}
