package io.metrics.lakehouse.spark.rollup;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.airlift.stats.TDigest;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** {@link Rollups} in a plain local Spark session: exact values of minutes and of merged buckets. */
class RollupsTest {

    private static final StructType POINTS = new StructType()
            .add("metric", DataTypes.StringType, false)
            .add("metric_type", DataTypes.StringType, true)
            .add("series_id", DataTypes.LongType, false)
            .add("ts", DataTypes.TimestampType, false)
            .add("value", DataTypes.DoubleType, false)
            .add("ingested_at", DataTypes.TimestampType, true);

    private static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = SparkSession.builder().master("local[2]").appName("rollups-test")
                .config("spark.ui.enabled", "false").config("spark.driver.bindAddress", "127.0.0.1")
                .config("spark.driver.host", "127.0.0.1").config("spark.sql.session.timeZone", "UTC")
                .config("spark.sql.shuffle.partitions", "3").getOrCreate();
    }

    @AfterAll
    static void stop() {
        spark.stop();
    }

    private static Row point(String type, long series, String ts, double value, String ingestedAt) {
        return RowFactory.create("m", type, series, Timestamp.from(Instant.parse(ts)), value,
                ingestedAt == null ? null : Timestamp.from(Instant.parse(ingestedAt)));
    }

    private static List<String> measures(Dataset<Row> rollups) {
        List<String> out = new ArrayList<>();
        for (Row r : rollups.orderBy("series_id", "bucket_start").collectAsList()) {
            out.add(r.<Long>getAs("series_id") + " " + r.<Timestamp>getAs("bucket_start").toInstant() + " "
                    + r.<Long>getAs("count") + " " + r.<Double>getAs("sum") + " " + r.<Double>getAs("min") + " "
                    + r.<Double>getAs("max") + " " + r.<Double>getAs("first") + " " + r.<Double>getAs("last") + " "
                    + r.<Timestamp>getAs("first_ts").toInstant() + " " + r.<Timestamp>getAs("last_ts").toInstant() + " "
                    + r.getAs("counter_increase"));
        }
        return out;
    }

    /** Every column, the sketch as hex (byte arrays print as their identity). */
    private static String canonical(Dataset<Row> rollups) {
        StringBuilder out = new StringBuilder();
        for (Row r : rollups.orderBy("series_id", "bucket_start").collectAsList()) {
            for (int i = 0; i < r.size(); i++) {
                Object v = r.get(i);
                out.append(v instanceof byte[] b ? java.util.HexFormat.of().formatHex(b) : String.valueOf(v)).append('|');
            }
            out.append('\n');
        }
        return out.toString();
    }

    @Test
    void minutesFoldPointsInTimeOrderWithOneCopyPerTime() {
        List<Row> points = new ArrayList<>(List.of(
                point("counter", 1, "2026-01-01T10:00:50Z", 3, null),
                point("counter", 1, "2026-01-01T10:00:10Z", 10, null),
                point("counter", 1, "2026-01-01T10:00:30Z", 25, "2026-01-01T10:00:31Z"),
                // A replayed copy ingested later wins over the first write.
                point("counter", 1, "2026-01-01T10:00:30Z", 24, "2026-01-01T10:00:40Z"),
                point("counter", 1, "2026-01-01T10:01:05Z", 8, null),
                point("gauge", 2, "2026-01-01T10:00:01Z", 1.5, null),
                point("gauge", 2, "2026-01-01T10:00:02Z", -4, null)));
        assertEquals(List.of(
                // 10 -> 24 (+14), 24 -> 3 is a reset (+3)
                "1 2026-01-01T10:00:00Z 3 37.0 3.0 24.0 10.0 3.0 2026-01-01T10:00:10Z 2026-01-01T10:00:50Z 17.0",
                "1 2026-01-01T10:01:00Z 1 8.0 8.0 8.0 8.0 8.0 2026-01-01T10:01:05Z 2026-01-01T10:01:05Z 0.0",
                "2 2026-01-01T10:00:00Z 2 -2.5 -4.0 1.5 1.5 -4.0 2026-01-01T10:00:01Z 2026-01-01T10:00:02Z null"),
                measures(Rollups.minutes(spark.createDataFrame(points, POINTS))));
    }

    @Test
    void bucketsAreTheMinutesDateTruncGivesAtTheirEdgesAndBeforeTheEpoch() {
        List<Row> points = List.of(
                point("gauge", 1, "2026-01-01T09:59:59.999999Z", 1, null),
                point("gauge", 1, "2026-01-01T10:00:00Z", 2, null),
                point("gauge", 1, "2026-01-01T10:00:59.999999Z", 3, null),
                point("gauge", 2, "1969-12-31T23:59:00.000001Z", 4, null),
                point("gauge", 2, "1969-12-31T23:59:59.999999Z", 5, null),
                point("gauge", 2, "1970-01-01T00:00:00Z", 6, null));
        Dataset<Row> raw = spark.createDataFrame(points, POINTS);
        List<String> expected = new ArrayList<>();
        for (Row r : raw.selectExpr("series_id", "date_trunc('minute', ts) AS m").distinct()
                .orderBy("series_id", "m").collectAsList()) {
            expected.add(r.getLong(0) + " " + r.getTimestamp(1).toInstant());
        }
        List<String> buckets = new ArrayList<>();
        for (String line : measures(Rollups.minutes(raw))) {
            String[] fields = line.split(" ");
            buckets.add(fields[0] + " " + fields[1]);
        }
        assertEquals(List.of("1 2026-01-01T09:59:00Z", "1 2026-01-01T10:00:00Z", "2 1969-12-31T23:59:00Z",
                "2 1970-01-01T00:00:00Z"), expected);
        assertEquals(expected, buckets);
    }

    @Test
    void aCopyWithAnIngestTimeWinsOverOneWithoutWhateverTheirValues() {
        List<Row> points = List.of(
                point("gauge", 1, "2026-01-01T10:00:10Z", 99, null),
                point("gauge", 1, "2026-01-01T10:00:10Z", 7, "2026-01-01T10:00:11Z"),
                // Both without an ingest time: the larger value.
                point("gauge", 1, "2026-01-01T10:00:20Z", 1, null),
                point("gauge", 1, "2026-01-01T10:00:20Z", 2, null));
        assertEquals(List.of("1 2026-01-01T10:00:00Z 2 9.0 2.0 7.0 7.0 2.0 2026-01-01T10:00:10Z 2026-01-01T10:00:20Z"
                        + " null"),
                measures(Rollups.minutes(spark.createDataFrame(points, POINTS).repartition(2))));
    }

    @Test
    void hoursFromMinutesEqualTheRecomputationFromPoints() {
        List<Row> points = new ArrayList<>();
        Random random = new Random(7);
        double total = 0;
        for (int s = 0; s < 3600; s += 5) {
            total = s == 1800 ? 2 : total + random.nextInt(10); // one reset mid-hour
            points.add(point("counter", 1, Instant.parse("2026-01-01T10:00:00Z").plusSeconds(s).toString(), total, null));
        }
        Dataset<Row> direct = Rollups.merged(Rollups.minutes(spark.createDataFrame(points, POINTS)), "hour");
        Collections.shuffle(points, random);
        Dataset<Row> minutes = Rollups.minutes(spark.createDataFrame(points, POINTS).repartition(4));
        Dataset<Row> hour = Rollups.merged(minutes.repartition(3), "hour");

        MinuteBucket all = new MinuteBucket(true);
        points.sort((a, b) -> a.getTimestamp(3).compareTo(b.getTimestamp(3)));
        points.forEach(p -> all.add(p.getTimestamp(3).getTime(), p.getDouble(4)));
        assertEquals(List.of("1 2026-01-01T10:00:00Z " + all.count() + " " + all.sum() + " " + all.min() + " "
                + all.max() + " " + all.first() + " " + all.last() + " 2026-01-01T10:00:00Z 2026-01-01T10:59:55Z "
                + all.counterIncrease()), measures(hour));
        // Deterministic: the same bits whatever order Spark fed the points and minutes in.
        assertEquals(canonical(direct), canonical(hour));
        TDigest sketch = TDigestSketches.deserialize(hour.first().<byte[]>getAs("sketch"));
        assertEquals(720.0, sketch.getCount());
    }

    @Test
    void aPartialMinuteMergesIntoTheStoredOneWithTheStepBetweenThem() {
        Dataset<Row> stored = Rollups.minutes(spark.createDataFrame(List.of(
                point("counter", 1, "2026-01-01T11:00:00Z", 10, null),
                point("counter", 1, "2026-01-01T11:00:20Z", 25, null)), POINTS));
        Dataset<Row> partial = Rollups.minutes(spark.createDataFrame(List.of(
                point("counter", 1, "2026-01-01T11:00:30Z", 3, null),
                point("counter", 1, "2026-01-01T11:00:50Z", 20, null)), POINTS));
        // 10 -> 25 (+15), reset to 3 between the parts (+3), 3 -> 20 (+17)
        assertEquals(List.of("1 2026-01-01T11:00:00Z 4 58.0 3.0 25.0 10.0 20.0 2026-01-01T11:00:00Z"
                        + " 2026-01-01T11:00:50Z 35.0"),
                measures(Rollups.merged(partial.unionByName(stored), "minute")));
    }
}
