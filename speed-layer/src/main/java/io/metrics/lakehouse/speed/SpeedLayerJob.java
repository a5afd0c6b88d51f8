package io.metrics.lakehouse.speed;

import java.util.concurrent.TimeoutException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.apache.spark.sql.streaming.Trigger;

/**
 * The speed layer's one streaming query: Kafka source on the points topic, {@link MicroBatchWriter}
 * as {@code foreachBatch} sink feeding both tables (two queries would read and decode Kafka twice),
 * checkpointed offsets, processing-time trigger.
 */
public final class SpeedLayerJob {

    public static final String QUERY_NAME = "speed-layer";

    private SpeedLayerJob() {
    }

    /** Starts the query; the caller awaits or stops it. */
    public static StreamingQuery start(SparkSession spark, SpeedLayerSettings settings, BatchObserver observer)
            throws TimeoutException {
        Dataset<Row> records = spark.readStream()
                .format("kafka")
                .options(settings.kafkaSourceOptions())
                .load();
        Trigger trigger = settings.triggerInterval() == null
                ? Trigger.AvailableNow()
                : Trigger.ProcessingTime(settings.triggerInterval().toMillis());
        return records.writeStream()
                .queryName(QUERY_NAME)
                .option("checkpointLocation", settings.checkpointLocation())
                .trigger(trigger)
                .foreachBatch(new MicroBatchWriter(settings, observer))
                .start();
    }
}
