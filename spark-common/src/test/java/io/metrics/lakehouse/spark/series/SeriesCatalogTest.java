package io.metrics.lakehouse.spark.series;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.metrics.lakehouse.local.LocalStackExtension;
import io.metrics.lakehouse.local.StackEndpoints;
import io.metrics.lakehouse.schemas.IcebergCatalogs;
import io.metrics.lakehouse.schemas.TableManager;
import io.metrics.lakehouse.spark.SparkSessions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.iceberg.catalog.Catalog;
import org.apache.spark.sql.Dataset;
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
 * {@link SeriesCatalog} on the real stack (Spark writes, Trino reads {@code iceberg.metrics.series}): one
 * row per series whoever registers it and however often, with its earliest first_seen.
 */
@ExtendWith(LocalStackExtension.class)
class SeriesCatalogTest {

    private static final String SERIES = "iceberg.metrics.series";
    private static final StructType POINTS = new StructType()
            .add("metric", DataTypes.StringType, false)
            .add("metric_type", DataTypes.StringType, true)
            .add("series_id", DataTypes.LongType, false)
            .add("tags", DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType), true)
            .add("ts", DataTypes.TimestampType, false);

    private static SparkSession spark;
    private static StackEndpoints stack;

    @BeforeAll
    static void createTablesAndSession() throws Exception {
        stack = LocalStackExtension.endpoints();
        Catalog catalog = IcebergCatalogs.load(stack.icebergCatalogName(), stack.icebergCatalogProperties());
        TableManager.ensureAll(catalog);
        if (catalog instanceof AutoCloseable closeable) {
            closeable.close();
        }
        spark = SparkSessions.local("series-catalog-test", stack.icebergCatalogName(), stack.icebergCatalogProperties());
    }

    @AfterAll
    static void stopSpark() {
        if (spark != null) {
            spark.stop();
        }
    }

    @Test
    void registersEachSeriesOnceAndKeepsItsEarliestPoint() throws Exception {
        SeriesCatalog catalog = new SeriesCatalog(spark, SERIES);
        assertEquals(3, catalog.register(SeriesCatalog.seriesOf(points(
                point("s1.cpu", 11L, Map.of("host", "a", "dc", "eu"), "2026-03-09T10:00:10Z"),
                point("s1.cpu", 11L, Map.of("host", "a", "dc", "eu"), "2026-03-09T10:30:00Z"),
                point("s1.cpu", 12L, Map.of("host", "b", "dc", "eu"), "2026-03-09T10:05:00Z"),
                point("s1.mem", 13L, Map.of("host", "a"), "2026-03-09T10:07:00Z")), "ts")));
        List<String> first = List.of(
                "s1.cpu|11|gauge|{\"dc\":\"eu\",\"host\":\"a\"}|2026-03-09 10:00",
                "s1.cpu|12|gauge|{\"dc\":\"eu\",\"host\":\"b\"}|2026-03-09 10:05",
                "s1.mem|13|gauge|{\"host\":\"a\"}|2026-03-09 10:07");
        assertEquals(first, series("s1."));

        // Known series with later points: nothing goes into the MERGE.
        assertEquals(0, catalog.register(SeriesCatalog.seriesOf(points(
                point("s1.cpu", 11L, Map.of("host", "a", "dc", "eu"), "2026-03-09T11:00:00Z")), "ts")));
        assertEquals(first, series("s1."));

        // A late point of series 12 moves its first_seen back; series 14 is new; still one row each.
        assertEquals(2, catalog.register(SeriesCatalog.seriesOf(points(
                point("s1.cpu", 12L, Map.of("host", "b", "dc", "eu"), "2026-03-09T09:15:00Z"),
                point("s1.cpu", 14L, Map.of("host", "c", "dc", "us"), "2026-03-09T11:20:30Z")), "ts")));
        assertEquals(List.of(
                "s1.cpu|11|gauge|{\"dc\":\"eu\",\"host\":\"a\"}|2026-03-09 10:00",
                "s1.cpu|12|gauge|{\"dc\":\"eu\",\"host\":\"b\"}|2026-03-09 09:15",
                "s1.cpu|14|gauge|{\"dc\":\"us\",\"host\":\"c\"}|2026-03-09 11:20",
                "s1.mem|13|gauge|{\"host\":\"a\"}|2026-03-09 10:07"), series("s1."));
    }

    @Test
    void concurrentRegistrationsOfTheSameNewSeriesAddItOnce() throws Exception {
        // Two writers register the same new series at once (the speed layer and a second instance):
        // both MERGEs see no row for it; the second commit must fail validation and retry.
        Dataset<Row> one = SeriesCatalog.seriesOf(points(
                point("s2.cpu", 21L, Map.of("host", "a"), "2026-03-10T10:01:00Z")), "ts");
        Dataset<Row> other = SeriesCatalog.seriesOf(points(
                point("s2.cpu", 21L, Map.of("host", "a"), "2026-03-10T11:01:00Z"),
                point("s2.cpu", 22L, Map.of("host", "b"), "2026-03-10T11:02:00Z")), "ts");
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Future<Long> first = pool.submit(() -> new SeriesCatalog(spark, SERIES).register(one));
            Future<Long> second = pool.submit(() -> new SeriesCatalog(spark, SERIES).register(other));
            first.get(5, TimeUnit.MINUTES);
            second.get(5, TimeUnit.MINUTES);
        } finally {
            pool.shutdownNow();
        }
        assertEquals(List.of(
                "s2.cpu|21|gauge|{\"host\":\"a\"}|2026-03-10 10:01",
                "s2.cpu|22|gauge|{\"host\":\"b\"}|2026-03-10 11:02"), series("s2."));
    }

    private static Row point(String metric, long seriesId, Map<String, String> tags, String ts) {
        return RowFactory.create(metric, "gauge", seriesId, scala.jdk.javaapi.CollectionConverters.asScala(tags),
                Timestamp.from(Instant.parse(ts)));
    }

    private static Dataset<Row> points(Row... rows) {
        return spark.createDataFrame(List.of(rows), POINTS);
    }

    private static List<String> series(String prefix) throws Exception {
        try (Connection trino = DriverManager.getConnection(stack.trinoJdbcUrl(), stack.trinoUser(), null);
                Statement st = trino.createStatement();
                ResultSet rs = st.executeQuery("SELECT metric, series_id, metric_type, json_format(CAST(tags AS JSON)),"
                        + " format_datetime(first_seen, 'yyyy-MM-dd HH:mm') FROM " + SERIES
                        + " WHERE starts_with(metric, '" + prefix + "') ORDER BY metric, series_id")) {
            List<String> out = new ArrayList<>();
            while (rs.next()) {
                StringBuilder line = new StringBuilder();
                for (int i = 1; i <= 5; i++) {
                    line.append(i > 1 ? "|" : "").append(rs.getString(i));
                }
                out.add(line.toString());
            }
            return out;
        }
    }
}
