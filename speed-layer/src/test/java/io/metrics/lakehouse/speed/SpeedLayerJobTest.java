package io.metrics.lakehouse.speed;

import static io.metrics.lakehouse.speed.TestTopics.batch;
import static io.metrics.lakehouse.speed.TestTopics.series;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.metrics.lakehouse.core.SeriesId;
import io.metrics.lakehouse.core.wire.v1.MetricType;
import io.metrics.lakehouse.core.wire.v1.PointBatch;
import io.metrics.lakehouse.core.wire.v1.RejectedBatch;
import io.metrics.lakehouse.local.LocalStackExtension;
import io.metrics.lakehouse.local.StackEndpoints;
import io.metrics.lakehouse.schemas.IcebergCatalogs;
import io.metrics.lakehouse.schemas.TableManager;
import io.metrics.lakehouse.spark.SparkSessions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.iceberg.catalog.Catalog;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.streaming.StreamingQuery;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The speed layer on the real stack: PointBatch records produced to Kafka, the streaming query run
 * until caught up (AvailableNow; a second run on the same checkpoint is the next micro-batch), the
 * tables read through Trino. Every test has its own metric (unique per run) and starts its query at
 * the topic's current end, so tests are independent on the shared stack.
 */
@ExtendWith(LocalStackExtension.class)
class SpeedLayerJobTest {

    private static final String RAW = "iceberg.metrics.raw_points";
    private static final String ROLLUP = "iceberg.metrics.speed_rollup_1m";
    private static final String SERIES = "iceberg.metrics.series";
    /** Tags are in series only: the point and rollup tables carry the series id. */
    private static final String JOIN_SERIES = "JOIN " + SERIES + " s ON s.metric = r.metric AND s.series_id = r.series_id";
    private static final Map<String, String> WEB_01 = Map.of("host", "web-01", "region", "eu-west-1");
    private static final Map<String, String> WEB_02 = Map.of("host", "web-02", "region", "eu-west-1");

    private static SparkSession spark;
    private static TestTopics topics;
    private static StackEndpoints stack;

    private final AtomicLong rejected = new AtomicLong();
    private final BatchObserver observer = (epoch, outcome) -> rejected.addAndGet(outcome.rejected());
    private String metric;
    private Path checkpoint;
    private String startingOffsets;

    @BeforeAll
    static void createTablesAndSession() throws Exception {
        stack = LocalStackExtension.endpoints();
        Catalog catalog = IcebergCatalogs.load(stack.icebergCatalogName(), stack.icebergCatalogProperties());
        TableManager.ensureAll(catalog);
        if (catalog instanceof AutoCloseable closeable) {
            closeable.close();
        }
        spark = SparkSessions.local("speed-layer-test", stack.icebergCatalogName(), stack.icebergCatalogProperties());
        topics = new TestTopics(stack.kafkaBootstrapServers());
    }

    @AfterAll
    static void stop() {
        if (topics != null) {
            topics.close();
        }
        if (spark != null) {
            spark.stop();
        }
    }

    @BeforeEach
    void uniqueMetricAndCheckpoint(TestInfo test) throws Exception {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        metric = "test.speed." + test.getTestMethod().orElseThrow().getName() + "." + suffix;
        checkpoint = Files.createDirectories(Path.of("target", "checkpoints", suffix));
        startingOffsets = topics.endOffsetsJson(SpeedLayerSettings.POINTS_TOPIC);
    }

    @Test
    void rawPointsAndMinuteRollupsHoldExactValues() throws Exception {
        topics.send(batch("b1-" + metric, metric, MetricType.GAUGE,
                series(WEB_01, "2026-11-20T10:00:05Z", 10.5, "2026-11-20T10:00:35Z", 20.0,
                        "2026-11-20T10:00:50Z", 4.0, "2026-11-20T10:01:10Z", 30.25),
                series(WEB_02, "2026-11-20T10:00:15Z", 1.0)));

        runUntilCaughtUp();

        long web01 = SeriesId.of(metric, WEB_01);
        long web02 = SeriesId.of(metric, WEB_02);
        assertEquals(List.of(
                web01 + "|2026-11-20T10:00:05.000000Z|10.5|gauge|web-01|test|b1-" + metric,
                web01 + "|2026-11-20T10:00:35.000000Z|20.0|gauge|web-01|test|b1-" + metric,
                web01 + "|2026-11-20T10:00:50.000000Z|4.0|gauge|web-01|test|b1-" + metric,
                web01 + "|2026-11-20T10:01:10.000000Z|30.25|gauge|web-01|test|b1-" + metric,
                web02 + "|2026-11-20T10:00:15.000000Z|1.0|gauge|web-02|test|b1-" + metric),
                trino("SELECT r.series_id, to_iso8601(r.ts), r.value, r.metric_type, element_at(s.tags, 'host'),"
                        + " r.source, r.batch_id FROM " + RAW + " r " + JOIN_SERIES + " WHERE r.metric = ?"
                        + " ORDER BY element_at(s.tags, 'host'), r.ts"));

        assertEquals(List.of(
                "web-01|2026-11-20T10:00:00.000000Z|3|34.5|4.0|20.0|10.5|4.0"
                        + "|2026-11-20T10:00:05.000000Z|2026-11-20T10:00:50.000000Z|null",
                "web-01|2026-11-20T10:01:00.000000Z|1|30.25|30.25|30.25|30.25|30.25"
                        + "|2026-11-20T10:01:10.000000Z|2026-11-20T10:01:10.000000Z|null",
                "web-02|2026-11-20T10:00:00.000000Z|1|1.0|1.0|1.0|1.0|1.0"
                        + "|2026-11-20T10:00:15.000000Z|2026-11-20T10:00:15.000000Z|null"),
                rollups());
    }

    @Test
    void eachSeriesIsRegisteredOnceWithItsTagsAndEarliestPoint() throws Exception {
        Map<String, String> web03 = Map.of("host", "web-03", "region", "us-east-1");
        topics.send(batch("s1-" + metric, metric, MetricType.GAUGE,
                series(WEB_01, "2026-11-20T12:00:20Z", 1.0), series(WEB_02, "2026-11-20T12:00:30Z", 2.0)));
        runUntilCaughtUp();
        assertEquals(List.of(
                SeriesId.of(metric, WEB_01) + "|gauge|web-01|eu-west-1|2026-11-20T12:00:20.000000Z",
                SeriesId.of(metric, WEB_02) + "|gauge|web-02|eu-west-1|2026-11-20T12:00:30.000000Z"), registeredSeries());

        // web-01 again but earlier (a late point), web-02 later, web-03 new.
        topics.send(batch("s2-" + metric, metric, MetricType.GAUGE,
                series(WEB_01, "2026-11-20T12:00:10Z", 3.0), series(WEB_02, "2026-11-20T12:01:00Z", 4.0),
                series(web03, "2026-11-20T12:01:00Z", 5.0)));
        runUntilCaughtUp();
        assertEquals(List.of(
                SeriesId.of(metric, WEB_01) + "|gauge|web-01|eu-west-1|2026-11-20T12:00:10.000000Z",
                SeriesId.of(metric, WEB_02) + "|gauge|web-02|eu-west-1|2026-11-20T12:00:30.000000Z",
                SeriesId.of(metric, web03) + "|gauge|web-03|us-east-1|2026-11-20T12:01:00.000000Z"), registeredSeries());
    }

    @Test
    void counterIncreaseAcrossAResetAndAMinuteSplitOverTwoMicroBatches() throws Exception {
        // Values 10 15 25 | 3 8 20 with a reset at :30: increase 5 + 10 + 3 + 5 + 12 = 35.
        topics.send(batch("c1-" + metric, metric, MetricType.COUNTER,
                series(WEB_01, "2026-11-20T11:00:00Z", 10, "2026-11-20T11:00:10Z", 15, "2026-11-20T11:00:20Z", 25)));
        runUntilCaughtUp();
        assertEquals(List.of("web-01|2026-11-20T11:00:00.000000Z|3|50.0|10.0|25.0|10.0|25.0"
                        + "|2026-11-20T11:00:00.000000Z|2026-11-20T11:00:20.000000Z|15.0"), rollups());

        topics.send(batch("c2-" + metric, metric, MetricType.COUNTER,
                series(WEB_01, "2026-11-20T11:00:30Z", 3, "2026-11-20T11:00:40Z", 8, "2026-11-20T11:00:50Z", 20,
                        "2026-11-20T11:01:05Z", 26)));
        runUntilCaughtUp();

        assertEquals(List.of(
                "web-01|2026-11-20T11:00:00.000000Z|6|81.0|3.0|25.0|10.0|20.0"
                        + "|2026-11-20T11:00:00.000000Z|2026-11-20T11:00:50.000000Z|35.0",
                // The first point of a bucket adds nothing; 20 -> 26 is the step between the buckets.
                "web-01|2026-11-20T11:01:00.000000Z|1|26.0|26.0|26.0|26.0|26.0"
                        + "|2026-11-20T11:01:05.000000Z|2026-11-20T11:01:05.000000Z|0.0"),
                rollups());
        assertEquals(List.of("7"), trino("SELECT count(*) FROM " + RAW + " WHERE metric = ?"));
    }

    @Test
    void theSameBatchProducedTwiceCountsOnce() throws Exception {
        PointBatch batch = batch("dup-" + metric, metric, MetricType.GAUGE,
                series(WEB_01, "2026-11-20T12:00:01Z", 1.0, "2026-11-20T12:00:02Z", 2.0));
        topics.send(batch);
        topics.send(batch);
        runUntilCaughtUp();
        topics.send(batch);
        runUntilCaughtUp();

        assertEquals(List.of("2|3.0"), trino("SELECT count(*), sum(value) FROM " + RAW + " WHERE metric = ?"));
        assertEquals(List.of("web-01|2026-11-20T12:00:00.000000Z|2|3.0|1.0|2.0|1.0|2.0"
                + "|2026-11-20T12:00:01.000000Z|2026-11-20T12:00:02.000000Z|null"), rollups());
    }

    @Test
    void aMalformedRecordIsSetAsideAndTheQueryGoesOn() throws Exception {
        Map<Integer, Long> deadLettersBefore = topics.endOffsets(SpeedLayerSettings.DEAD_LETTER_TOPIC);
        topics.send(metric, new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, 0x01});
        topics.send(batch("ok-" + metric, metric, MetricType.GAUGE, series(WEB_01, "2026-11-20T13:00:00Z", 7.0)));

        runUntilCaughtUp();

        assertEquals(List.of("1|7.0"), trino("SELECT count(*), sum(value) FROM " + RAW + " WHERE metric = ?"));
        assertEquals(1, rejected.get());
        List<RejectedBatch> deadLetters = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record
                : topics.readFrom(SpeedLayerSettings.DEAD_LETTER_TOPIC, deadLettersBefore)) {
            RejectedBatch rejectedBatch = RejectedBatch.parseFrom(record.value());
            if (rejectedBatch.getMetric().equals(metric)) {
                deadLetters.add(rejectedBatch);
            }
        }
        assertEquals(1, deadLetters.size());
        assertEquals(PointDecoder.UNDECODABLE, deadLetters.get(0).getReason());
        assertEquals("speed-layer", deadLetters.get(0).getSource());
        assertTrue(deadLetters.get(0).getDetail().startsWith(SpeedLayerSettings.POINTS_TOPIC + "-"),
                deadLetters.get(0).getDetail());
    }

    @Test
    void trinoReadsTheSketchAsTdigest() throws Exception {
        // Minute 14:00 holds 1..600, minute 14:01 holds 601..1200 (10 points a second).
        List<Object> first = new ArrayList<>();
        List<Object> second = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            String offset = String.format("%02d.%03d", i / 10, (i % 10) * 100);
            first.add("2026-11-20T14:00:" + offset + "Z");
            first.add(i + 1);
            second.add("2026-11-20T14:01:" + offset + "Z");
            second.add(601 + i);
        }
        topics.send(batch("s1-" + metric, metric, MetricType.GAUGE, series(WEB_01, first.toArray())));
        topics.send(batch("s2-" + metric, metric, MetricType.GAUGE, series(WEB_01, second.toArray())));
        runUntilCaughtUp();

        List<String> perMinute = trino("SELECT \"count\", value_at_quantile(CAST(sketch AS tdigest), 0.5)"
                + " FROM " + ROLLUP + " WHERE metric = ? ORDER BY bucket_start");
        assertEquals(2, perMinute.size());
        assertQuantile(perMinute.get(0), 600, 300.5, 6);
        assertQuantile(perMinute.get(1), 600, 900.5, 6);

        // Merged over both minutes, as a dashboard's p99 over a range: 1% of rank = 12 values.
        List<String> merged = trino("SELECT count(*), value_at_quantile(merge(CAST(sketch AS tdigest)), 0.99),"
                + " value_at_quantile(merge(CAST(sketch AS tdigest)), 0.0),"
                + " value_at_quantile(merge(CAST(sketch AS tdigest)), 1.0)"
                + " FROM " + ROLLUP + " WHERE metric = ?");
        String[] columns = merged.get(0).split("\\|");
        assertEquals("2", columns[0]);
        assertEquals(1188.0, Double.parseDouble(columns[1]), 12.0);
        assertEquals(1.0, Double.parseDouble(columns[2]));
        assertEquals(1200.0, Double.parseDouble(columns[3]));
    }

    @Test
    void aReplayedMicroBatchGivesTheSameTablesWhereverTheCrashWas() throws Exception {
        topics.send(batch("r1-" + metric, metric, MetricType.COUNTER,
                series(WEB_01, "2026-11-20T15:00:00Z", 1, "2026-11-20T15:00:30Z", 4, "2026-11-20T15:01:00Z", 2)));
        String endingOffsets = topics.endOffsetsJson(SpeedLayerSettings.POINTS_TOPIC);
        Dataset<Row> records = spark.read().format("kafka")
                .option("kafka.bootstrap.servers", stack.kafkaBootstrapServers())
                .option("subscribe", SpeedLayerSettings.POINTS_TOPIC)
                .option("startingOffsets", startingOffsets)
                .option("endingOffsets", endingOffsets)
                .load();
        MicroBatchWriter writer = new MicroBatchWriter(settings(), BatchObserver.NONE);
        String queryId = "replay-" + metric;
        List<String> expectedRollups = List.of(
                "web-01|2026-11-20T15:00:00.000000Z|2|5.0|1.0|4.0|1.0|4.0"
                        + "|2026-11-20T15:00:00.000000Z|2026-11-20T15:00:30.000000Z|3.0",
                "web-01|2026-11-20T15:01:00.000000Z|1|2.0|2.0|2.0|2.0|2.0"
                        + "|2026-11-20T15:01:00.000000Z|2026-11-20T15:01:00.000000Z|0.0");

        MicroBatchWriter.Outcome first = writer.write(records, 7, queryId);
        assertEquals(List.of(3L, 3L, true, true), List.of(first.points(), first.newPoints(), first.rawCommitted(),
                first.rollupCommitted()));
        assertEquals(expectedRollups, rollups());

        // Crash after both commits: the replay commits nothing.
        MicroBatchWriter.Outcome replay = writer.write(records, 7, queryId);
        assertEquals(List.of(3L, 3L, false, false), List.of(replay.points(), replay.newPoints(),
                replay.rawCommitted(), replay.rollupCommitted()));

        // Crash between the raw commit and the rollup merge: undo the merge, replay.
        spark.sql("CALL iceberg.system.rollback_to_snapshot('metrics.speed_rollup_1m', "
                + snapshotBeforeEpoch("speed_rollup_1m", queryId, 7) + ")");
        assertEquals(List.of(), rollups());
        MicroBatchWriter.Outcome afterCrash = writer.write(records, 7, queryId);
        assertEquals(List.of(3L, 3L, false, true), List.of(afterCrash.points(), afterCrash.newPoints(),
                afterCrash.rawCommitted(), afterCrash.rollupCommitted()));

        assertEquals(expectedRollups, rollups());
        assertEquals(List.of("3|7.0"), trino("SELECT count(*), sum(value) FROM " + RAW + " WHERE metric = ?"));
    }

    @Test
    void consumerLagCountsTheRecordsBeyondWhatWasRead() {
        topics.send(batch("l1-" + metric, metric, MetricType.GAUGE, series(WEB_01, "2026-11-20T16:00:00Z", 1.0)));
        topics.send(batch("l2-" + metric, metric, MetricType.GAUGE, series(WEB_01, "2026-11-20T16:00:01Z", 1.0)));
        try (ConsumerLag lag = new ConsumerLag(stack.kafkaBootstrapServers())) {
            assertEquals(2, lag.after(startingOffsets));
            assertEquals(0, lag.after(topics.endOffsetsJson(SpeedLayerSettings.POINTS_TOPIC)));
        }
    }

    /** The parent of the snapshot that committed this epoch (the table as it was before it). */
    private static long snapshotBeforeEpoch(String table, String queryId, long epoch) {
        return spark.sql("SELECT parent_id FROM iceberg.metrics." + table + ".snapshots"
                        + " WHERE summary['speed-layer.query-id'] = '" + queryId + "'"
                        + " AND summary['speed-layer.epoch'] = '" + epoch + "'")
                .first().getLong(0);
    }

    private static void assertQuantile(String row, long count, double expected, double tolerance) {
        String[] columns = row.split("\\|");
        assertEquals(Long.toString(count), columns[0]);
        assertEquals(expected, Double.parseDouble(columns[1]), tolerance, row);
    }

    private SpeedLayerSettings settings() {
        return new SpeedLayerSettings(stack.kafkaBootstrapServers(), SpeedLayerSettings.POINTS_TOPIC,
                SpeedLayerSettings.DEAD_LETTER_TOPIC, stack.icebergCatalogName(), checkpoint.toString(), null,
                startingOffsets, null);
    }

    private void runUntilCaughtUp() throws Exception {
        StreamingQuery query = SpeedLayerJob.start(spark, settings(), observer);
        assertTrue(query.awaitTermination(120_000), "query did not catch up within 2 minutes");
        if (query.exception().isDefined()) {
            throw query.exception().get();
        }
    }

    private List<String> rollups() throws Exception {
        return trino("SELECT element_at(s.tags, 'host'), to_iso8601(r.bucket_start), r.\"count\", r.\"sum\", r.\"min\","
                + " r.\"max\", r.\"first\", r.\"last\", to_iso8601(r.first_ts), to_iso8601(r.last_ts), r.counter_increase"
                + " FROM " + ROLLUP + " r " + JOIN_SERIES + " WHERE r.metric = ? ORDER BY element_at(s.tags, 'host'),"
                + " r.bucket_start");
    }

    private List<String> registeredSeries() throws Exception {
        return trino("SELECT series_id, metric_type, element_at(tags, 'host'), element_at(tags, 'region'),"
                + " to_iso8601(first_seen) FROM " + SERIES + " WHERE metric = ? ORDER BY element_at(tags, 'host')");
    }

    private List<String> trino(String sql) throws Exception {
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
