package io.metrics.lakehouse.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.metrics.lakehouse.local.LocalStackExtension;
import io.metrics.lakehouse.local.StackEndpoints;
import io.metrics.lakehouse.schemas.IcebergCatalogs;
import io.metrics.lakehouse.schemas.TableManager;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.catalog.Catalog;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The lakehouse's two engines agree: points that Spark writes into {@code metrics.raw_points} through
 * the shared JDBC catalog and S3 store are exactly what Trino reads back, with tag filters (on the
 * joined {@code series}) and per-minute aggregation.
 */
@ExtendWith(LocalStackExtension.class)
class SparkWritesTrinoReadsTest {

    private static final String RAW_POINTS = "iceberg.metrics.raw_points";
    private static final String SERIES = "iceberg.metrics.series";
    private static SparkSession spark;

    @BeforeAll
    static void createTablesAndSession() throws Exception {
        StackEndpoints stack = LocalStackExtension.endpoints();
        Catalog catalog = IcebergCatalogs.load(stack.icebergCatalogName(), stack.icebergCatalogProperties());
        TableManager.ensureAll(catalog);
        if (catalog instanceof AutoCloseable closeable) {
            closeable.close();
        }
        spark = SparkSessions.local("spark-writes-trino-reads", stack.icebergCatalogName(),
                stack.icebergCatalogProperties());
    }

    @AfterAll
    static void stopSpark() {
        if (spark != null) {
            spark.stop();
        }
    }

    @Test
    void trinoReadsExactlyWhatSparkWrote(StackEndpoints stack) throws Exception {
        String metric = "test.cpu.usage";
        appendSeries(List.of(
                series(metric, 101L, Map.of("host", "web-01", "region", "us-east-1"), "2026-11-20T10:00:05Z"),
                series(metric, 202L, Map.of("host", "web-02", "region", "us-east-1"), "2026-11-20T10:00:15Z"),
                series("test.other.metric", 303L, Map.of("host", "web-01"), "2026-11-20T10:00:00Z")));
        appendRawPoints(List.of(
                point(metric, 101L, "2026-11-20T10:00:05Z", 10.5),
                point(metric, 101L, "2026-11-20T10:00:35Z", 20.0),
                point(metric, 101L, "2026-11-20T10:01:10Z", 30.25),
                point(metric, 202L, "2026-11-20T10:00:15Z", 1.0),
                point(metric, 202L, "2026-11-20T10:01:45Z", 3.0),
                point("test.other.metric", 303L, "2026-11-20T10:00:00Z", 999.0)));

        try (Connection trino = DriverManager.getConnection(stack.trinoJdbcUrl(), stack.trinoUser(), null)) {
            // Every value of one series, filtered on a tag of series (element_at: a missing key is null,
            // not an error).
            List<String> web01 = rows(trino,
                    "SELECT to_iso8601(p.ts), p.value, p.series_id FROM " + RAW_POINTS + " p JOIN " + SERIES
                            + " s ON s.metric = p.metric AND s.series_id = p.series_id"
                            + " WHERE p.metric = ? AND element_at(s.tags, 'host') = ? ORDER BY p.ts",
                    metric, "web-01");
            assertEquals(List.of(
                    "2026-11-20T10:00:05.000000Z|10.5|101",
                    "2026-11-20T10:00:35.000000Z|20.0|101",
                    "2026-11-20T10:01:10.000000Z|30.25|101"), web01);

            // Group by minute across series.
            List<String> perMinute = rows(trino,
                    "SELECT to_iso8601(date_trunc('minute', ts)) AS minute, count(*), sum(value), min(value), max(value)"
                            + " FROM " + RAW_POINTS + " WHERE metric = ? GROUP BY 1 ORDER BY 1",
                    metric);
            assertEquals(List.of(
                    "2026-11-20T10:00:00.000000Z|3|31.5|1.0|20.0",
                    "2026-11-20T10:01:00.000000Z|2|33.25|3.0|30.25"), perMinute);

            // Group by a tag, as a dashboard's group_by does.
            List<String> perHost = rows(trino,
                    "SELECT element_at(s.tags, 'host'), count(*), avg(p.value) FROM " + RAW_POINTS + " p JOIN "
                            + SERIES + " s ON s.metric = p.metric AND s.series_id = p.series_id"
                            + " WHERE p.metric = ? GROUP BY 1 ORDER BY 1",
                    metric);
            assertEquals(List.of("web-01|3|20.25", "web-02|2|2.0"), perHost);
        }
    }

    private static Row point(String metric, long seriesId, String ts, double value) {
        return RowFactory.create(metric, "gauge", seriesId, Timestamp.from(Instant.parse(ts)), value);
    }

    private static Row series(String metric, long seriesId, Map<String, String> tags, String firstSeen) {
        return RowFactory.create(metric, seriesId, "gauge", scala.jdk.javaapi.CollectionConverters.asScala(tags),
                Timestamp.from(Instant.parse(firstSeen)));
    }

    /** Appends rows of (metric, metric_type, series_id, ts, value); other columns stay null. */
    private static void appendRawPoints(List<Row> rows) throws Exception {
        StructType given = new StructType()
                .add("metric", DataTypes.StringType, false)
                .add("metric_type", DataTypes.StringType, true)
                .add("series_id", DataTypes.LongType, false)
                .add("ts", DataTypes.TimestampType, false)
                .add("value", DataTypes.DoubleType, false);
        TableRows.conform(spark.createDataFrame(rows, given), RAW_POINTS).writeTo(RAW_POINTS).append();
    }

    private static void appendSeries(List<Row> rows) throws Exception {
        StructType given = new StructType()
                .add("metric", DataTypes.StringType, false)
                .add("series_id", DataTypes.LongType, false)
                .add("metric_type", DataTypes.StringType, true)
                .add("tags", DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType), true)
                .add("first_seen", DataTypes.TimestampType, true);
        spark.createDataFrame(rows, given).writeTo(SERIES).append();
    }

    private static List<String> rows(Connection c, String sql, String... params) throws Exception {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                ps.setString(i + 1, params[i]);
            }
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
