package io.metrics.lakehouse.gateway.core;

import io.metrics.lakehouse.core.wire.v1.MetricType;
import io.metrics.lakehouse.core.wire.v1.PointBatch;
import io.metrics.lakehouse.core.wire.v1.RejectedBatch;
import io.metrics.lakehouse.core.wire.v1.Sample;
import io.metrics.lakehouse.core.wire.v1.SeriesPoints;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * Encodes a metric's points of one request as {@code PointBatch} (accepted) or {@code RejectedBatch}
 * (dead letters) records. Normally one record per metric and request, whose batch id is the
 * request's; a request larger than {@code ingest.maxRecordBytes} for one metric is split at sample
 * boundaries into parts {@code <batchId>/<i>-of-<n>}. The split is a pure function of the request,
 * so a retried request produces the same batch ids and downstream deduplication still works.
 */
public class BatchEncoder {

    /** Room for the batch's own fields (batch id, metric, source, ...). */
    private static final int HEADER_ALLOWANCE = 1024;

    private final int maxRecordBytes;

    public BatchEncoder(int maxRecordBytes) {
        this.maxRecordBytes = Math.max(HEADER_ALLOWANCE * 2, maxRecordBytes) - HEADER_ALLOWANCE;
    }

    public List<PointBatch> points(String batchId, String metric, MetricType type, String source,
            long ingestedAtMillis, Collection<SeriesGroup> series) {
        List<List<SeriesPoints>> parts = split(series);
        List<PointBatch> batches = new ArrayList<>(parts.size());
        for (int i = 0; i < parts.size(); i++) {
            batches.add(PointBatch.newBuilder()
                    .setBatchId(partId(batchId, i, parts.size()))
                    .setMetric(metric)
                    .setMetricType(type)
                    .setSource(source)
                    .setIngestedAtMillis(ingestedAtMillis)
                    .addAllSeries(parts.get(i))
                    .build());
        }
        return batches;
    }

    public List<RejectedBatch> rejected(String batchId, String metric, String source, long rejectedAtMillis,
            String reason, String detail, Collection<SeriesGroup> series) {
        List<List<SeriesPoints>> parts = split(series);
        List<RejectedBatch> batches = new ArrayList<>(parts.size());
        for (int i = 0; i < parts.size(); i++) {
            batches.add(RejectedBatch.newBuilder()
                    .setBatchId(partId(batchId, i, parts.size()))
                    .setMetric(metric)
                    .setSource(source)
                    .setRejectedAtMillis(rejectedAtMillis)
                    .setReason(reason)
                    .setDetail(detail)
                    .addAllSeries(parts.get(i))
                    .build());
        }
        return batches;
    }

    private static String partId(String batchId, int index, int count) {
        return count == 1 ? batchId : batchId + "/" + (index + 1) + "-of-" + count;
    }

    /** Series (and, for very long series, their samples) packed into parts of bounded size. */
    private List<List<SeriesPoints>> split(Collection<SeriesGroup> series) {
        List<List<SeriesPoints>> parts = new ArrayList<>();
        List<SeriesPoints> part = new ArrayList<>();
        long partBytes = 0;
        for (SeriesGroup group : series) {
            SeriesPoints empty = SeriesPoints.newBuilder().setSeriesId(group.seriesId()).putAllTags(group.tags()).build();
            int seriesOverhead = empty.getSerializedSize() + 6; // field tag + length prefix
            SeriesPoints.Builder current = empty.toBuilder();
            for (NormalizedPoint point : group.points()) {
                Sample sample = Sample.newBuilder()
                        .setTimestampMillis(point.timestampMillis())
                        .setValue(point.value())
                        .build();
                int cost = sample.getSerializedSize() + 2 + (current.getSamplesCount() == 0 ? seriesOverhead : 0);
                boolean partHasContent = !part.isEmpty() || current.getSamplesCount() > 0;
                if (partHasContent && partBytes + cost > maxRecordBytes) {
                    if (current.getSamplesCount() > 0) {
                        part.add(current.build());
                        current = empty.toBuilder();
                    }
                    parts.add(part);
                    part = new ArrayList<>();
                    partBytes = 0;
                    cost = sample.getSerializedSize() + 2 + seriesOverhead;
                }
                current.addSamples(sample);
                partBytes += cost;
            }
            if (current.getSamplesCount() > 0) {
                part.add(current.build());
            }
        }
        if (!part.isEmpty()) {
            parts.add(part);
        }
        return parts;
    }
}
