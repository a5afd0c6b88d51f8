package io.metrics.lakehouse.speed;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The speed layer's own metrics, in a Prometheus registry: what Spark reports per micro-batch (input
 * and processing rate, batch duration, consumer lag; see {@link ProgressListener}) and what the
 * micro-batches committed (points, duplicates, records set aside, the age of the newest committed
 * point).
 */
public final class SpeedLayerMetrics implements BatchObserver {

    private final LongSupplier clockMillis;
    private volatile double inputRecordsPerSecond;
    private volatile double processedRecordsPerSecond;
    private volatile double batchDurationSeconds;
    private volatile long consumerLagRecords;
    private final AtomicLong newestCommittedPointMillis = new AtomicLong(Long.MIN_VALUE);
    private final Counter points;
    private final Counter duplicates;
    private final Counter rejected;
    private final Counter batches;

    public SpeedLayerMetrics(PrometheusRegistry registry, LongSupplier clockMillis) {
        this.clockMillis = clockMillis;
        gauge(registry, "speed_layer_input_records_per_second", "Kafka records per second arriving (last micro-batch)",
                () -> inputRecordsPerSecond);
        gauge(registry, "speed_layer_processed_records_per_second",
                "Kafka records per second processed (last micro-batch)", () -> processedRecordsPerSecond);
        gauge(registry, "speed_layer_batch_duration_seconds", "Duration of the last micro-batch",
                () -> batchDurationSeconds);
        gauge(registry, "speed_layer_consumer_lag_records",
                "Records in the topic not yet processed, after the last micro-batch", () -> consumerLagRecords);
        gauge(registry, "speed_layer_newest_point_age_seconds",
                "Age of the newest point committed to raw_points (NaN before the first commit)",
                this::newestPointAgeSeconds);
        points = Counter.builder().name("speed_layer_points_committed_total")
                .help("New points committed to raw_points").register(registry);
        duplicates = Counter.builder().name("speed_layer_points_duplicate_total")
                .help("Points dropped as duplicates of (series_id, ts)").register(registry);
        rejected = Counter.builder().name("speed_layer_records_rejected_total")
                .help("Kafka records set aside to the dead-letter topic").register(registry);
        batches = Counter.builder().name("speed_layer_batches_total")
                .help("Micro-batches processed").register(registry);
    }

    private static void gauge(PrometheusRegistry registry, String name, String help,
            java.util.function.DoubleSupplier value) {
        GaugeWithCallback.builder().name(name).help(help).callback(cb -> cb.call(value.getAsDouble()))
                .register(registry);
    }

    @Override
    public void onBatch(long epoch, MicroBatchWriter.Outcome outcome) {
        batches.inc();
        points.inc(outcome.newPoints());
        duplicates.inc(outcome.points() - outcome.newPoints());
        rejected.inc(outcome.rejected());
        if (outcome.newestPointMillis() != null) {
            newestCommittedPointMillis.accumulateAndGet(outcome.newestPointMillis(), Math::max);
        }
    }

    /** From Spark's progress report of a micro-batch. */
    public void onProgress(double inputRate, double processedRate, long durationMillis, long lagRecords) {
        inputRecordsPerSecond = inputRate;
        processedRecordsPerSecond = processedRate;
        batchDurationSeconds = durationMillis / 1000.0;
        consumerLagRecords = lagRecords;
    }

    public double newestPointAgeSeconds() {
        long newest = newestCommittedPointMillis.get();
        return newest == Long.MIN_VALUE ? Double.NaN : (clockMillis.getAsLong() - newest) / 1000.0;
    }

    public long consumerLagRecords() {
        return consumerLagRecords;
    }
}
