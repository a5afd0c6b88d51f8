package io.metrics.lakehouse.speed;

import com.google.protobuf.InvalidProtocolBufferException;
import io.metrics.lakehouse.core.MetricType;
import io.metrics.lakehouse.core.PointRecords;
import io.metrics.lakehouse.core.wire.v1.PointBatch;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import scala.jdk.javaapi.CollectionConverters;

/**
 * Turns one Kafka record of {@code metrics.points.v1} (a Protobuf {@link PointBatch}) into one row per
 * sample, in {@link PointColumns#SCHEMA}. Never throws on bad input: Spark 4 runs ANSI SQL and a single
 * exception would fail the whole query, so a record that cannot be used becomes one row with an error
 * reason instead (undecodable bytes, a batch without metric), and samples with a non-finite value are
 * skipped with one such row per record.
 *
 * <p>Series ids and the skipping of non-finite samples come from {@link PointRecords}, which
 * query-service's recent window reads through too: the stored id never depends on what a producer claimed.
 */
public final class PointDecoder implements FlatMapFunction<Row, Row> {

    private static final long serialVersionUID = 1L;

    public static final String UNDECODABLE = "undecodable";
    public static final String INVALID_BATCH = "invalid_batch";
    public static final String INVALID_VALUE = "invalid_value";

    /** Input: a row of Spark's Kafka source (key, value, topic, partition, offset, ...). */
    @Override
    public Iterator<Row> call(Row record) {
        byte[] key = record.getAs("key");
        byte[] value = record.getAs("value");
        int partition = record.<Integer>getAs("partition");
        long offset = record.<Long>getAs("offset");
        String topic = record.getAs("topic");
        return decode(key, value, topic, partition, offset).iterator();
    }

    /** The rows of one record; visible for tests. */
    static List<Row> decode(byte[] key, byte[] value, String topic, int partition, long offset) {
        String where = topic + "-" + partition + "@" + offset;
        String keyText = key == null ? "" : new String(key, StandardCharsets.UTF_8);
        PointBatch batch;
        try {
            batch = PointRecords.parse(value);
        } catch (InvalidProtocolBufferException | RuntimeException e) {
            return List.of(rejected(keyText, null, partition, offset, UNDECODABLE,
                    where + ": " + e.getClass().getSimpleName() + ": " + e.getMessage()));
        }
        if (batch.getMetric().isBlank()) {
            return List.of(rejected(keyText, batch.getBatchId(), partition, offset, INVALID_BATCH,
                    where + ": batch " + batch.getBatchId() + " has no metric name"));
        }
        String metric = batch.getMetric();
        String metricType = MetricType.fromWire(batch.getMetricType()).map(MetricType::label).orElse(null);
        Timestamp ingestedAt = batch.getIngestedAtMillis() > 0 ? new Timestamp(batch.getIngestedAtMillis()) : null;
        String source = batch.getSource().isEmpty() ? null : batch.getSource();
        String batchId = batch.getBatchId().isEmpty() ? null : batch.getBatchId();

        List<Row> rows = new ArrayList<>();
        int nonFinite = PointRecords.forEachSample(batch, new PointRecords.Sink() {
            private long seriesId;
            private Object scalaTags;

            @Override
            public void series(long id, Map<String, String> tags) {
                seriesId = id;
                scalaTags = CollectionConverters.asScala(tags);
            }

            @Override
            public void sample(int index, long timestampMillis, double value) {
                rows.add(RowFactory.create(metric, metricType, seriesId, scalaTags, new Timestamp(timestampMillis), value,
                        ingestedAt, source, batchId, partition, offset, index, null, null));
            }
        });
        if (nonFinite > 0) {
            rows.add(rejected(metric, batchId, partition, offset, INVALID_VALUE,
                    where + ": " + nonFinite + " samples with a non-finite value skipped"));
        }
        return rows;
    }

    private static Row rejected(String metric, String batchId, int partition, long offset, String reason,
            String detail) {
        // Placeholders in the non-nullable columns: the row is split off by its error_reason.
        return RowFactory.create(metric, null, 0L, null, new Timestamp(0L), 0.0, null, null, batchId,
                partition, offset, -1, reason, detail);
    }
}
