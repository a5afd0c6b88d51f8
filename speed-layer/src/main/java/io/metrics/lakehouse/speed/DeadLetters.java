package io.metrics.lakehouse.speed;

import static org.apache.spark.sql.functions.col;

import io.metrics.lakehouse.core.wire.v1.RejectedBatch;
import io.metrics.lakehouse.schemas.MetricsTables.Columns;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Routes records the speed layer cannot use aside instead of failing the query: each is logged
 * (first few per micro-batch) and written as a {@link RejectedBatch} to the dead-letter topic, with
 * the reason and, in the detail, the topic-partition@offset of the original record (which stays
 * readable in Kafka for the topic's retention). At least once: a replayed micro-batch may write a
 * dead letter twice.
 */
final class DeadLetters {

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetters.class);
    private static final int LOGGED_PER_BATCH = 20;
    private static final StructType KAFKA_RECORD = new StructType()
            .add("key", DataTypes.BinaryType, true)
            .add("value", DataTypes.BinaryType, false);

    private final String bootstrapServers;
    private final String topic;

    DeadLetters(String bootstrapServers, String topic) {
        this.bootstrapServers = bootstrapServers;
        this.topic = topic;
    }

    /** Writes the rejected rows (error_reason not null) of one micro-batch, {@code count} of them. */
    void write(Dataset<Row> rejected, long epoch, long count) {
        List<Row> sample = rejected.select(col(PointColumns.ERROR_REASON), col(PointColumns.ERROR_DETAIL))
                .limit(LOGGED_PER_BATCH).collectAsList();
        for (Row row : sample) {
            LOG.warn("epoch {}: record set aside ({}): {}", epoch, row.getString(0), row.getString(1));
        }
        rejected.map(new ToRejectedBatch(System.currentTimeMillis()), Encoders.row(KAFKA_RECORD))
                .write()
                .format("kafka")
                .option("kafka.bootstrap.servers", bootstrapServers)
                .option("kafka.acks", "all")
                .option("topic", topic)
                .save();
        LOG.warn("epoch {}: {} records set aside to {}", epoch, count, topic);
    }

    private static final class ToRejectedBatch implements MapFunction<Row, Row> {
        private static final long serialVersionUID = 1L;
        private final long rejectedAtMillis;

        ToRejectedBatch(long rejectedAtMillis) {
            this.rejectedAtMillis = rejectedAtMillis;
        }

        @Override
        public Row call(Row row) {
            String metric = row.getAs(Columns.METRIC);
            String batchId = row.getAs(Columns.BATCH_ID);
            RejectedBatch rejected = RejectedBatch.newBuilder()
                    .setBatchId(batchId == null ? "" : batchId)
                    .setMetric(metric)
                    .setSource("speed-layer")
                    .setRejectedAtMillis(rejectedAtMillis)
                    .setReason(row.getAs(PointColumns.ERROR_REASON))
                    .setDetail(row.getAs(PointColumns.ERROR_DETAIL))
                    .build();
            byte[] key = metric.isEmpty() ? null : metric.getBytes(StandardCharsets.UTF_8);
            return RowFactory.create(key, rejected.toByteArray());
        }
    }
}
