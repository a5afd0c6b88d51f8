package io.metrics.lakehouse.speed;

import org.apache.spark.sql.streaming.SourceProgress;
import org.apache.spark.sql.streaming.StreamingQueryListener;
import org.apache.spark.sql.streaming.StreamingQueryProgress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Feeds Spark's per-micro-batch progress of the speed-layer query into {@link SpeedLayerMetrics} and
 * logs it as one structured line (logger {@code io.metrics.lakehouse.speed.progress}, key=value):
 * {@code batch input_records input_rps processed_rps duration_ms lag_records newest_point_age_s}.
 *
 * <p>Consumer lag: records in the topic beyond the batch's end offsets when the batch finished
 * ({@link ConsumerLag}).
 */
public final class ProgressListener extends StreamingQueryListener {

    private static final Logger PROGRESS = LoggerFactory.getLogger("io.metrics.lakehouse.speed.progress");

    private final SpeedLayerMetrics metrics;
    private final ConsumerLag consumerLag;

    /** @param bootstrapServers where to ask the topic's end offsets (consumer lag) */
    public ProgressListener(SpeedLayerMetrics metrics, String bootstrapServers) {
        this.metrics = metrics;
        this.consumerLag = new ConsumerLag(bootstrapServers);
    }

    @Override
    public void onQueryStarted(QueryStartedEvent event) {
        PROGRESS.info("event=started query_id={} run_id={} name={}", event.id(), event.runId(), event.name());
    }

    @Override
    public void onQueryProgress(QueryProgressEvent event) {
        StreamingQueryProgress progress = event.progress();
        if (!SpeedLayerJob.QUERY_NAME.equals(progress.name())) {
            return;
        }
        long lag = 0;
        for (SourceProgress source : progress.sources()) {
            lag += Math.max(0, consumerLag.after(source.endOffset()));
        }
        Long duration = progress.durationMs().get("triggerExecution");
        long durationMillis = duration == null ? 0 : duration;
        metrics.onProgress(finite(progress.inputRowsPerSecond()), finite(progress.processedRowsPerSecond()),
                durationMillis, lag);
        PROGRESS.info("event=progress batch={} input_records={} input_rps={} processed_rps={} duration_ms={}"
                        + " lag_records={} newest_point_age_s={}",
                progress.batchId(), progress.numInputRows(), String.format("%.1f", finite(progress.inputRowsPerSecond())),
                String.format("%.1f", finite(progress.processedRowsPerSecond())), durationMillis, lag,
                String.format("%.1f", metrics.newestPointAgeSeconds()));
    }

    @Override
    public void onQueryTerminated(QueryTerminatedEvent event) {
        consumerLag.close();
        PROGRESS.info("event=terminated query_id={} run_id={} exception={}", event.id(), event.runId(),
                event.exception().isDefined() ? event.exception().get() : "none");
    }

    private static double finite(double value) {
        return Double.isFinite(value) ? value : 0.0;
    }
}
