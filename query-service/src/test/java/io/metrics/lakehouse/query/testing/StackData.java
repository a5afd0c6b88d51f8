package io.metrics.lakehouse.query.testing;

import io.metrics.lakehouse.local.StackEndpoints;
import io.metrics.lakehouse.schemas.IcebergCatalogs;
import io.metrics.lakehouse.schemas.TableManager;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Writes test data into the stack's Iceberg tables with Trino INSERTs, the way the speed layer and
 * the batch jobs lay it out: rollup rows are computed by Trino from the listed points (count, sum,
 * first/last, increase within the bucket, t-digest sketch), so a test states points and expects
 * values computed by hand from them.
 */
public final class StackData {

    /** One measurement. */
    public record P(Map<String, String> tags, Instant ts, double value) {
    }

    private static volatile boolean tablesReady;

    private final StackEndpoints stack;

    public StackData(StackEndpoints stack) {
        this.stack = stack;
        ensureTables(stack);
    }

    private static synchronized void ensureTables(StackEndpoints stack) {
        if (!tablesReady) {
            TableManager.ensureAll(IcebergCatalogs.load(stack.icebergCatalogName(), stack.icebergCatalogProperties()));
            tablesReady = true;
        }
    }

    public Connection connect() throws SQLException {
        Connection connection = DriverManager.getConnection(stack.trinoJdbcUrl(), stack.trinoUser(), null);
        connection.setCatalog(stack.icebergCatalogName());
        connection.setSchema("metrics");
        return connection;
    }

    public void execute(String sql) throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    public long longValue(String sql) throws SQLException {
        try (Connection connection = connect(); Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }

    public static long seriesId(Map<String, String> tags) {
        return new TreeMap<>(tags).toString().hashCode() & 0x7fffffffL;
    }

    private static String values(String metric, String type, List<P> points) {
        return points.stream().map(p -> "('" + metric + "', '" + type + "', BIGINT '" + seriesId(p.tags()) + "', "
                + map(p.tags()) + ", CAST(from_iso8601_timestamp('" + p.ts() + "') AS timestamp(6) with time zone), DOUBLE '"
                + p.value() + "')").collect(Collectors.joining(", "));
    }

    private static String map(Map<String, String> tags) {
        Map<String, String> sorted = new TreeMap<>(tags);
        return "MAP(ARRAY[" + sorted.keySet().stream().map(k -> "'" + k + "'").collect(Collectors.joining(", "))
                + "], ARRAY[" + sorted.values().stream().map(v -> "'" + v + "'").collect(Collectors.joining(", ")) + "])";
    }

    public void insertRaw(String metric, String type, List<P> points) throws SQLException {
        execute("INSERT INTO raw_points (metric, metric_type, series_id, tags, ts, value, ingested_at, source, batch_id)"
                + " SELECT metric, metric_type, series_id, tags, ts, v, current_timestamp, 'test', 'test' FROM (VALUES "
                + values(metric, type, points) + ") AS x(metric, metric_type, series_id, tags, ts, v)");
    }

    /** Rolls the points up by minute ({@code speed_rollup_1m}, {@code rollup_1m}) or hour ({@code rollup_1h}). */
    public void insertRollup(String table, String metric, String type, List<P> points) throws SQLException {
        String unit = table.equals("rollup_1h") ? "hour" : "minute";
        boolean speed = table.equals("speed_rollup_1m");
        execute("INSERT INTO " + table + " (metric, metric_type, series_id, tags, bucket_start, \"count\", \"sum\", \"min\","
                + " \"max\", \"first\", \"last\", first_ts, last_ts, counter_increase, sketch" + (speed ? ", updated_at" : "")
                + ") SELECT metric, metric_type, series_id, arbitrary(tags), b, count(*), sum(v), min(v), max(v),"
                + " min_by(v, ts), max_by(v, ts), min(ts), max(ts),"
                + " sum(CASE WHEN prev IS NULL THEN 0e0 WHEN v >= prev THEN v - prev ELSE v END),"
                + " CAST(tdigest_agg(v) AS varbinary)" + (speed ? ", current_timestamp" : "")
                + " FROM (SELECT x.*, date_trunc('" + unit + "', ts) AS b, lag(v) OVER (PARTITION BY series_id,"
                + " date_trunc('" + unit + "', ts) ORDER BY ts) AS prev FROM (VALUES " + values(metric, type, points)
                + ") AS x(metric, metric_type, series_id, tags, ts, v)) GROUP BY metric, metric_type, series_id, b");
    }

    /** Logs a rollup partition complete, as the batch job does when it has overwritten it. */
    public void logComplete(String granularity, Instant start, Instant end, String metricPrefix) throws SQLException {
        execute("INSERT INTO rollup_partition_log (granularity, partition_start, partition_end, metric_prefix, row_count,"
                + " checksum, source_snapshot_id, job_run_id, completed_at) VALUES ('" + granularity + "', "
                + "from_iso8601_timestamp('" + start + "'), from_iso8601_timestamp('" + end + "'), '" + metricPrefix
                + "', 1, 'test', NULL, 'test-run', current_timestamp)");
    }

    /** Queries Trino has seen from {@code source} (its query history). */
    public long queriesFrom(String source) throws SQLException {
        return longValue("SELECT count(*) FROM system.runtime.queries WHERE source = '" + source + "'");
    }
}
