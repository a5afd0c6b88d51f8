package io.metrics.lakehouse.speed;

import io.metrics.lakehouse.schemas.IcebergCatalogs;
import io.metrics.lakehouse.spark.SparkSessions;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code run}: the streaming job, until stopped (or, with {@code --available-now}, until caught up). */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run the speed layer: Kafka points topic -> raw_points + speed_rollup_1m.")
public final class RunCommand implements Callable<Integer> {

    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m)");

    @Option(names = "--catalog-config", required = true,
            description = "Properties file with the Iceberg catalog properties (type, uri, warehouse, s3.*, ...).")
    Path catalogConfig;

    @Option(names = "--kafka-bootstrap-servers", required = true, description = "Kafka bootstrap servers.")
    String bootstrapServers;

    @Option(names = "--topic", defaultValue = SpeedLayerSettings.POINTS_TOPIC,
            description = "Topic of PointBatch records (default: ${DEFAULT-VALUE}).")
    String topic;

    @Option(names = "--dead-letter-topic", defaultValue = SpeedLayerSettings.DEAD_LETTER_TOPIC,
            description = "Topic for records that cannot be used (default: ${DEFAULT-VALUE}).")
    String deadLetterTopic;

    @Option(names = "--checkpoint", required = true,
            description = "Checkpoint location: a local path (embedded default) or s3://... on a cluster.")
    String checkpoint;

    @Option(names = "--trigger", defaultValue = "5s",
            description = "Processing-time trigger interval: 500ms, 5s, 1m (default: ${DEFAULT-VALUE}).")
    String trigger;

    @Option(names = "--available-now",
            description = "Process what the topic holds now, then stop (catch-up runs, tests).")
    boolean availableNow;

    @Option(names = "--starting-offsets", defaultValue = "earliest",
            description = "First start only: earliest, latest or Spark's JSON; later the checkpoint decides.")
    String startingOffsets;

    @Option(names = "--max-offsets-per-trigger", description = "Upper bound of Kafka records per micro-batch.")
    Long maxOffsetsPerTrigger;

    @Option(names = "--metrics-port", defaultValue = "0",
            description = "Serve the job's metrics (Prometheus text) on 127.0.0.1:PORT/metrics; 0: off (default).")
    int metricsPort;

    @Option(names = "--local", description = "Run Spark in local mode on this machine (default: spark-submit decides).")
    boolean local;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        SparkSession spark = null;
        try {
            var properties = IcebergCatalogs.readProperties(catalogConfig);
            String catalog = IcebergCatalogs.DEFAULT_NAME;
            SpeedLayerSettings settings = new SpeedLayerSettings(bootstrapServers, topic, deadLetterTopic, catalog,
                    checkpoint, availableNow ? null : parseDuration(trigger), startingOffsets, maxOffsetsPerTrigger);
            spark = local
                    ? SparkSessions.local(SpeedLayerJob.QUERY_NAME, catalog, properties)
                    : SparkSessions.cluster(SpeedLayerJob.QUERY_NAME, catalog, properties);
            PrometheusRegistry registry = new PrometheusRegistry();
            SpeedLayerMetrics metrics = new SpeedLayerMetrics(registry, System::currentTimeMillis);
            spark.streams().addListener(new ProgressListener(metrics, bootstrapServers));
            try (MetricsEndpoint endpoint = MetricsEndpoint.start(registry, metricsPort)) {
                StreamingQuery query = SpeedLayerJob.start(spark, settings, metrics);
                query.awaitTermination();
            }
            return 0;
        } catch (IllegalArgumentException e) {
            err.println("run failed: " + e.getMessage());
            err.flush();
            return 1;
        } finally {
            if (spark != null) {
                spark.stop();
            }
        }
    }

    static Duration parseDuration(String text) {
        Matcher m = DURATION.matcher(text.trim().toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("--trigger must look like 500ms, 5s or 1m, got: " + text);
        }
        long amount = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            default -> Duration.ofMinutes(amount);
        };
    }
}
