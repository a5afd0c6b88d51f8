package io.metrics.lakehouse.speed;

import io.metrics.lakehouse.core.wire.v1.MetricType;
import io.metrics.lakehouse.core.wire.v1.PointBatch;
import io.metrics.lakehouse.core.wire.v1.Sample;
import io.metrics.lakehouse.core.wire.v1.SeriesPoints;
import io.metrics.lakehouse.local.LocalStack;
import io.metrics.lakehouse.local.LocalStackConfig;
import io.metrics.lakehouse.local.StackEndpoints;
import io.metrics.lakehouse.schemas.IcebergCatalogs;
import io.metrics.lakehouse.schemas.TableManager;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.iceberg.catalog.Catalog;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Benchmark of the speed layer on this machine (run by {@code bench/throughput-freshness.sh}): starts
 * a private local stack, the job in its own JVM (local[2], 5 s trigger), produces {@code rate}
 * points/s for {@code seconds} as 1000-point batches (8 metrics, 1000 series each, one point per series
 * per batch, timestamp = send time), and measures for every batch the freshness: producer ack ->
 * visible through Trino (polled every 250 ms with {@code max(ts)} per metric; a metric's batches are
 * in order in its partition, so a batch is visible once its metric's max(ts) reaches it).
 *
 * <p>Prints the achieved produce rate, freshness p50/p99/max, p50 of the first and last fifth of the
 * batches (the job keeps up when the last fifth is no slower than the first) and p50/p99 after the
 * first fifth (the steady state, without the backlog of the job's first micro-batch).
 */
public final class SpeedLayerBench {

    private static final int METRICS = 8;
    private static final int POINTS_PER_BATCH = 1000;

    public static void main(String[] args) throws Exception {
        long rate = args.length > 0 ? Long.parseLong(args[0]) : 50_000;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 60;
        Path work = Files.createDirectories(Path.of(args.length > 2 ? args[2] : "target/bench")).toAbsolutePath();
        try (LocalStack stack = LocalStack.start(LocalStackConfig.forTests(work.resolve("stack")))) {
            StackEndpoints endpoints = stack.endpoints();
            Catalog catalog = IcebergCatalogs.load(endpoints.icebergCatalogName(),
                    endpoints.icebergCatalogProperties());
            TableManager.ensureAll(catalog);
            if (catalog instanceof AutoCloseable closeable) {
                closeable.close();
            }
            System.out.printf("stack up in %s%n", stack.startDuration());
            run(endpoints, work, rate, seconds);
        }
    }

    private static void run(StackEndpoints stack, Path work, long rate, int seconds) throws Exception {
        String runId = UUID.randomUUID().toString().substring(0, 8);
        String[] metrics = new String[METRICS];
        for (int m = 0; m < METRICS; m++) {
            metrics[m] = "bench." + runId + ".m" + m;
        }
        Path catalogConfig = JobProcess.writeCatalogConfig(work, stack.icebergCatalogProperties());
        String startingOffsets;
        try (TestTopics topics = new TestTopics(stack.kafkaBootstrapServers())) {
            startingOffsets = topics.endOffsetsJson(SpeedLayerSettings.POINTS_TOPIC);
        }
        Process job = JobProcess.start(work, "job-" + runId, "2g", List.of("run", "--local",
                "--catalog-config", catalogConfig.toString(), "--kafka-bootstrap-servers",
                stack.kafkaBootstrapServers(), "--checkpoint", work.resolve("checkpoint-" + runId).toString(),
                "--trigger", "5s", "--starting-offsets", startingOffsets));
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers());
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        props.put(ProducerConfig.BATCH_SIZE_CONFIG, Integer.toString(1024 * 1024));
        try (KafkaProducer<byte[], byte[]> producer =
                     new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
                Connection trino = DriverManager.getConnection(stack.trinoJdbcUrl(), stack.trinoUser(), null)) {
            // Warm-up: the job is up and has committed once before the clock starts.
            long warmupTs = System.currentTimeMillis();
            for (String metric : metrics) {
                producer.send(record(metric, "warmup", warmupTs)).get();
            }
            long deadline = System.currentTimeMillis() + 600_000;
            while (visibleMaxTs(trino, metrics).values().stream().filter(ts -> ts >= warmupTs).count() < METRICS) {
                if (System.currentTimeMillis() > deadline || !job.isAlive()) {
                    throw new IllegalStateException("the job did not commit the warm-up batches; see its log in "
                            + work);
                }
                Thread.sleep(500);
            }
            System.out.printf("job up, warm-up visible; producing %d points/s for %d s%n", rate, seconds);

            // Batches: (metric index, ts = send time, ack time); visibility polled while producing.
            Map<String, long[]> acked = new ConcurrentHashMap<>();
            Map<String, Long> visibleAt = new ConcurrentHashMap<>();
            ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor();
            poller.scheduleWithFixedDelay(() -> pollVisibility(trino, metrics, acked, visibleAt), 0, 250,
                    TimeUnit.MILLISECONDS);
            ConcurrentLinkedQueue<String> order = new ConcurrentLinkedQueue<>();
            long[] lastTs = new long[METRICS];
            long batchesPerSecond = Math.max(1, rate / POINTS_PER_BATCH);
            long start = System.nanoTime();
            long total = batchesPerSecond * seconds;
            for (long b = 0; b < total; b++) {
                long due = start + b * 1_000_000_000L / batchesPerSecond;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
                int m = (int) (b % METRICS);
                long ts = Math.max(System.currentTimeMillis(), lastTs[m] + 1);
                lastTs[m] = ts;
                String id = runId + "-" + b;
                order.add(id);
                producer.send(record(metrics[m], id, ts), (meta, e) -> {
                    if (e == null) {
                        acked.put(id, new long[] {(long) m, ts, System.currentTimeMillis()});
                    }
                });
            }
            producer.flush();
            double producedSeconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("produced %d points in %.1f s = %.0f points/s (acked batches %d)%n",
                    total * POINTS_PER_BATCH, producedSeconds, total * POINTS_PER_BATCH / producedSeconds,
                    acked.size());
            deadline = System.currentTimeMillis() + 600_000;
            while (visibleAt.size() < acked.size() && System.currentTimeMillis() < deadline) {
                Thread.sleep(250);
            }
            poller.shutdownNow();
            poller.awaitTermination(10, TimeUnit.SECONDS);
            job.destroy();
            List<Long> freshness = new ArrayList<>();
            for (String id : order) {
                if (visibleAt.containsKey(id) && acked.containsKey(id)) {
                    freshness.add(visibleAt.get(id) - acked.get(id)[2]);
                }
            }
            report(freshness, acked.size());
        } finally {
            job.destroy();
        }
    }

    private static void report(List<Long> freshnessInProduceOrder, int acked) {
        long[] all = freshnessInProduceOrder.stream().mapToLong(Long::longValue).toArray();
        int fifth = Math.max(1, all.length / 5);
        long[] first = Arrays.copyOfRange(all, 0, fifth);
        long[] last = Arrays.copyOfRange(all, all.length - fifth, all.length);
        System.out.printf("visible batches %d of %d%n", all.length, acked);
        System.out.printf("freshness (ack -> visible in Trino) ms: p50=%d p99=%d max=%d%n",
                percentile(all, 0.50), percentile(all, 0.99), percentile(all, 1.0));
        System.out.printf("freshness p50 first fifth=%d ms, last fifth=%d ms (growth = lag building up)%n",
                percentile(first, 0.5), percentile(last, 0.5));
        long[] steady = Arrays.copyOfRange(all, fifth, all.length);
        System.out.printf("steady state (after the first fifth, which absorbs the job's start-up): "
                + "p50=%d ms p99=%d ms%n", percentile(steady, 0.50), percentile(steady, 0.99));
    }

    private static long percentile(long[] values, double q) {
        if (values.length == 0) {
            return -1;
        }
        long[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[(int) Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1 < 0 ? 0
                : Math.ceil(q * sorted.length) - 1)];
    }

    /** Marks every acked batch whose metric's committed max(ts) has reached it as visible now. */
    private static void pollVisibility(Connection trino, String[] metrics, Map<String, long[]> acked,
            Map<String, Long> visibleAt) {
        try {
            Map<Integer, Long> maxTs = visibleMaxTs(trino, metrics);
            long now = System.currentTimeMillis();
            for (Map.Entry<String, long[]> batch : acked.entrySet()) {
                long[] v = batch.getValue();
                if (!visibleAt.containsKey(batch.getKey()) && maxTs.getOrDefault((int) v[0], 0L) >= v[1]) {
                    visibleAt.put(batch.getKey(), now);
                }
            }
        } catch (Exception e) {
            System.err.println("poll failed: " + e);
        }
    }

    private static ProducerRecord<byte[], byte[]> record(String metric, String batchId, long ts) {
        PointBatch.Builder batch = PointBatch.newBuilder().setBatchId(batchId).setMetric(metric)
                .setMetricType(MetricType.GAUGE).setSource("bench").setIngestedAtMillis(ts);
        for (int s = 0; s < POINTS_PER_BATCH; s++) {
            batch.addSeries(SeriesPoints.newBuilder().putTags("host", "h" + s)
                    .addSamples(Sample.newBuilder().setTimestampMillis(ts).setValue(s)));
        }
        return new ProducerRecord<>("metrics.points.v1", metric.getBytes(StandardCharsets.UTF_8),
                batch.build().toByteArray());
    }

    /** metric index -> max(ts) committed, in epoch millis. */
    private static Map<Integer, Long> visibleMaxTs(Connection trino, String[] metrics) throws Exception {
        Map<Integer, Long> result = new HashMap<>();
        try (PreparedStatement ps = trino.prepareStatement(
                "SELECT metric, max(ts) FROM iceberg.metrics.raw_points WHERE metric LIKE ? GROUP BY metric")) {
            ps.setString(1, metrics[0].substring(0, metrics[0].lastIndexOf('.')) + ".%");
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String metric = rs.getString(1);
                    Timestamp ts = rs.getTimestamp(2);
                    int index = Integer.parseInt(metric.substring(metric.lastIndexOf(".m") + 2));
                    result.put(index, ts.getTime());
                }
            }
        }
        return result;
    }
}
