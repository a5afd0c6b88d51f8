package io.metrics.lakehouse.speed;

import static io.metrics.lakehouse.speed.TestTopics.batch;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.metrics.lakehouse.core.wire.v1.MetricType;
import io.metrics.lakehouse.local.LocalStackExtension;
import io.metrics.lakehouse.local.StackEndpoints;
import io.metrics.lakehouse.schemas.IcebergCatalogs;
import io.metrics.lakehouse.schemas.TableManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.iceberg.catalog.Catalog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Crash test: the speed layer runs in its own JVM ({@code SpeedLayerApp run --local}, 1 s trigger)
 * while points are produced; it is killed with SIGKILL mid-stream and started again on the same
 * checkpoint. Afterwards raw_points holds every produced point exactly once and every minute of
 * speed_rollup_1m equals its recomputation from raw_points.
 */
@ExtendWith(LocalStackExtension.class)
class CrashRestartTest {

    private static final int BATCHES = 60;
    private static final int SERIES = 4;
    private static final int POINTS_PER_SERIES = 25;
    private static final long EXPECTED = (long) BATCHES * SERIES * POINTS_PER_SERIES;

    @Test
    void afterKillNineAndRestartEveryPointIsInRawExactlyOnce(StackEndpoints stack) throws Exception {
        Catalog catalog = IcebergCatalogs.load(stack.icebergCatalogName(), stack.icebergCatalogProperties());
        TableManager.ensureAll(catalog);
        if (catalog instanceof AutoCloseable closeable) {
            closeable.close();
        }
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        String metric = "test.speed.crash." + suffix;
        Path work = Files.createDirectories(Path.of("target", "crash-test", suffix)).toAbsolutePath();
        Path catalogConfig = JobProcess.writeCatalogConfig(work, stack.icebergCatalogProperties());

        try (TestTopics topics = new TestTopics(stack.kafkaBootstrapServers())) {
            String startingOffsets = topics.endOffsetsJson(SpeedLayerSettings.POINTS_TOPIC);
            List<String> args = List.of("run", "--local", "--catalog-config", catalogConfig.toString(),
                    "--kafka-bootstrap-servers", stack.kafkaBootstrapServers(),
                    "--checkpoint", work.resolve("checkpoint").toString(), "--trigger", "1s",
                    "--starting-offsets", startingOffsets);

            Process first = JobProcess.start(work, "first", "1g", args);
            CompletableFuture<Void> killed = new CompletableFuture<>();
            CompletableFuture<Void> producing;
            try {
                // The first batch alone, then the rest while the job runs: the kill lands mid-stream
                // however slow the machine is.
                // The second half waits for the kill: on a loaded machine one micro-batch may take
                // longer than producing everything, and the kill would land after the last point.
                produce(topics, metric, 0, 1);
                awaitRawCount(stack, metric, count -> count > 0, 300, first);
                producing = CompletableFuture.runAsync(() -> {
                    produce(topics, metric, 1, BATCHES / 2);
                    killed.join();
                    produce(topics, metric, BATCHES / 2, BATCHES);
                });
                long firstCommit = rawCount(stack, metric);
                awaitRawCount(stack, metric, count -> count > firstCommit, 300, first);
                first.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            } finally {
                first.destroyForcibly();
                killed.complete(null);
            }
            long atKill = rawCount(stack, metric);

            Process second = JobProcess.start(work, "second", "1g", args);
            try {
                producing.get(120, TimeUnit.SECONDS);
                awaitRawCount(stack, metric, count -> count >= EXPECTED, 300, second);
                // The rollup merge commits after the raw append of the same micro-batch.
                awaitCount(stack, "SELECT coalesce(sum(\"count\"), 0) FROM iceberg.metrics.speed_rollup_1m"
                        + " WHERE metric = ?", metric, count -> count >= EXPECTED, 300, second);
            } finally {
                second.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
            assertTrue(atKill < EXPECTED, "killed after " + atKill + " of " + EXPECTED + " points");
        }

        assertEquals(List.of(EXPECTED + "|" + EXPECTED + "|" + expectedSum()), trino(stack,
                "SELECT count(*), count(DISTINCT (series_id, ts)), sum(value) FROM iceberg.metrics.raw_points"
                        + " WHERE metric = ?", metric));
        List<String> recomputed = trino(stack, """
                WITH d AS (
                  SELECT series_id, date_trunc('minute', ts) AS bucket, ts, value,
                         lag(value) OVER (PARTITION BY series_id, date_trunc('minute', ts) ORDER BY ts) AS prev
                  FROM iceberg.metrics.raw_points WHERE metric = ?)
                SELECT series_id, to_iso8601(bucket), count(*), sum(value), min(value), max(value),
                       min_by(value, ts), max_by(value, ts),
                       sum(CASE WHEN prev IS NULL THEN 0 WHEN value >= prev THEN value - prev ELSE value END)
                FROM d GROUP BY 1, 2 ORDER BY 1, 2""", metric);
        List<String> stored = trino(stack, """
                SELECT series_id, to_iso8601(bucket_start), "count", "sum", "min", "max", "first", "last",
                       counter_increase
                FROM iceberg.metrics.speed_rollup_1m WHERE metric = ? ORDER BY 1, 2""", metric);
        assertEquals(recomputed, stored);
        assertTrue(stored.size() >= SERIES, stored.toString());
    }

    /** Counter values 0..36 repeating: a reset every 37 points; integers, so sums are exact. */
    private static double value(int index) {
        return index % 37;
    }

    private static double expectedSum() {
        double sum = 0;
        for (int b = 0; b < BATCHES; b++) {
            for (int p = 0; p < POINTS_PER_SERIES; p++) {
                sum += value(b * POINTS_PER_SERIES + p) * SERIES;
            }
        }
        return sum;
    }

    /** One batch every 250 ms, each 4 series x 25 points, a point per second per series. */
    private static void produce(TestTopics topics, String metric, int fromBatch, int toBatch) {
        Instant start = Instant.parse("2026-11-21T08:00:00Z");
        for (int b = fromBatch; b < toBatch; b++) {
            List<TestTopics.Series> series = new ArrayList<>();
            for (int s = 0; s < SERIES; s++) {
                List<Object> samples = new ArrayList<>();
                for (int p = 0; p < POINTS_PER_SERIES; p++) {
                    int index = b * POINTS_PER_SERIES + p;
                    samples.add(start.plusSeconds(index).toString());
                    samples.add(value(index));
                }
                series.add(TestTopics.series(Map.of("host", "web-" + s), samples.toArray()));
            }
            topics.send(batch("crash-" + metric + "-" + b, metric, MetricType.COUNTER,
                    series.toArray(TestTopics.Series[]::new)));
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static void awaitRawCount(StackEndpoints stack, String metric, java.util.function.LongPredicate done,
            int seconds, Process job) throws Exception {
        awaitCount(stack, "SELECT count(*) FROM iceberg.metrics.raw_points WHERE metric = ?", metric, done, seconds,
                job);
    }

    /** Polls until done, the deadline, or the job's exit (which fails the test: see its log). */
    private static void awaitCount(StackEndpoints stack, String sql, String metric,
            java.util.function.LongPredicate done, int seconds, Process job) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        long count = -1;
        while (System.nanoTime() < deadline && job.isAlive()) {
            count = Long.parseLong(trino(stack, sql, metric).get(0));
            if (done.test(count)) {
                return;
            }
            Thread.sleep(300);
        }
        throw new AssertionError("[" + sql + "] for " + metric + " stuck at " + count
                + (job.isAlive() ? "" : "; the job exited with " + job.exitValue() + ", see its log"));
    }

    private static long rawCount(StackEndpoints stack, String metric) throws Exception {
        return Long.parseLong(trino(stack, "SELECT count(*) FROM iceberg.metrics.raw_points WHERE metric = ?",
                metric).get(0));
    }

    private static List<String> trino(StackEndpoints stack, String sql, String metric) throws Exception {
        try (Connection trino = DriverManager.getConnection(stack.trinoJdbcUrl(), stack.trinoUser(), null);
                PreparedStatement ps = trino.prepareStatement(sql)) {
            ps.setString(1, metric);
            try (ResultSet rs = ps.executeQuery()) {
                List<String> out = new ArrayList<>();
                int n = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    StringBuilder line = new StringBuilder();
                    for (int i = 1; i <= n; i++) {
                        line.append(i > 1 ? "|" : "").append(rs.getString(i));
                    }
                    out.add(line.toString());
                }
                return out;
            }
        }
    }
}
