package io.metrics.lakehouse.batch;

import io.metrics.lakehouse.local.LocalStack;
import io.metrics.lakehouse.local.LocalStackConfig;
import io.metrics.lakehouse.local.StackEndpoints;
import io.metrics.lakehouse.schemas.MetricsTables;
import io.metrics.lakehouse.spark.SparkSessions;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.iceberg.Table;
import org.apache.iceberg.UpdateProperties;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.spark.actions.SparkActions;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;
import picocli.CommandLine;

/**
 * Bytes per point on disk of raw_points and the rollup tables (run by {@code bench/storage.sh}).
 *
 * <p>Starts a private local stack with the tables as iceberg-schemas defines them, generates
 * {@code days} of {@code series} realistic series at 10 s ({@link RealisticSeries}), and writes them the
 * way production does: one Spark append per {@code --chunk} of time (the speed layer's small files),
 * then {@code compact} (sorted rewrite into the table's target size), then {@code rollup --granularity 1m}
 * and {@code 1h} over the range, all through the CLI. Prints each table's files, bytes, rows, bytes per
 * row and per raw point, and bytes per column (Iceberg's column_sizes).
 *
 * <p>With {@code tune}, it then applies candidate table properties one at a time (cumulatively),
 * rewrites every table in full with its sort order, and measures again: the before/after table of
 * batch-jobs/README.md "Storage".
 */
public final class StorageBench {

    private static final Instant START = Instant.parse("2026-10-05T00:00:00Z");
    private static final String[] TABLES = {MetricsTables.RAW_POINTS, MetricsTables.ROLLUP_1M, MetricsTables.ROLLUP_1H};

    public static void main(String[] args) throws Exception {
        int series = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
        int days = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        Path work = Files.createDirectories(Path.of(args.length > 2 ? args[2] : "target/storage-bench")).toAbsolutePath();
        boolean tune = args.length > 3 && args[3].equals("tune");
        try (LocalStack stack = LocalStack.start(LocalStackConfig.forTests(work.resolve("stack")))) {
            StackEndpoints endpoints = stack.endpoints();
            Path catalogConfig = BatchTestSupport.catalogConfig(endpoints);
            SparkSession spark = SparkSessions.local("storage-bench", endpoints.icebergCatalogName(),
                    endpoints.icebergCatalogProperties());
            try (BatchSession session = new BatchSession(spark, endpoints.icebergCatalogName(), false)) {
                StorageBench bench = new StorageBench(session, catalogConfig);
                long points = bench.load(series, days);
                bench.report("settled days: after compact past the dedup horizon (batch_id and ingested_at null)", points);
                if (tune) {
                    bench.tune(points);
                }
            } finally {
                spark.stop();
            }
        }
    }

    private final BatchSession session;
    private final Path catalogConfig;

    private StorageBench(BatchSession session, Path catalogConfig) {
        this.session = session;
        this.catalogConfig = catalogConfig;
    }

    /** Generate, append in chunks, compact, roll up: the production path. Returns the raw point count. */
    private long load(int series, int days) {
        SparkSession spark = session.spark();
        int pointsPerSeries = (int) (days * 86_400_000L / RealisticSeries.STEP_MILLIS);
        long started = System.nanoTime();
        Dataset<Row> all = spark.range(series).toDF()
                .repartition(4)
                .flatMap(new RealisticSeries(START.toEpochMilli(), pointsPerSeries), Encoders.row(RealisticSeries.SCHEMA))
                .persist(StorageLevel.DISK_ONLY());
        long points = all.count();
        System.out.printf("generated %,d points: %,d series x %,d points (%d day(s) at 10 s) in %.0f s%n", points,
                series, pointsPerSeries, days, seconds(started));

        // The speed layer commits small files every trigger; one append per 2 hours stands in for them
        // (the compaction below rewrites them all either way).
        started = System.nanoTime();
        int appends = 0;
        for (Instant from = START; from.isBefore(START.plus(Duration.ofDays(days))); from = from.plus(Duration.ofHours(2))) {
            Dataset<Row> chunk = all.where(all.col("ts").geq(Timestamp.from(from))
                    .and(all.col("ts").lt(Timestamp.from(from.plus(Duration.ofHours(2))))));
            session.append(chunk, session.tableName(MetricsTables.RAW_POINTS));
            appends++;
        }
        all.unpersist();
        System.out.printf("appended in %d commits in %.0f s%n", appends, seconds(started));
        System.out.println(footprint(MetricsTables.RAW_POINTS).summary(points) + "   (before compaction, unsorted)");
        System.out.print(footprint(MetricsTables.RAW_POINTS).columns());

        Instant end = START.plus(Duration.ofDays(days));
        cli("compact", "--table", MetricsTables.RAW_POINTS, "--min-input-files", "2", "--settle", "PT1H");
        cli("rollup", "--granularity", "1m", "--from", START.toString(), "--to", end.toString());
        cli("rollup", "--granularity", "1h", "--from", START.toString(), "--to", end.toString());
        report("recent days: as compact and rollup leave them (batch_id and ingested_at kept)", points);
        // The daily compact once the days are settled: a clock past the dedup horizon (compact's default),
        // the 1m rollups above logged complete, so the settled path nulls the ingest columns.
        cli("compact", "--table", MetricsTables.RAW_POINTS, "--now", end.plus(Duration.ofDays(7)).plus(Duration.ofHours(1)).toString());
        return points;
    }

    private void report(String title, long points) {
        System.out.printf("%n== %s%n", title);
        for (String table : TABLES) {
            TableFootprint footprint = footprint(table);
            System.out.println(footprint.summary(points));
            System.out.print(footprint.columns());
            System.out.print(ParquetEncodings.ofLargestFile(session.icebergTable(table)));
        }
    }

    /** One change at a time, cumulative; every table rewritten in full after each. */
    private void tune(long points) {
        Map<String, Map<String, Map<String, String>>> steps = new LinkedHashMap<>();
        steps.put("page-version v2 (DELTA_BINARY_PACKED / DELTA_BYTE_ARRAY fallbacks)",
                all("write.parquet.page-version", "v2"));
        steps.put("no dictionary on time columns (delta encoding instead)", timeColumnsWithoutDictionary());
        steps.put("no dictionary on value columns (PLAIN doubles, left to zstd)", valueColumnsWithoutDictionary());
        steps.put("dict-size-bytes 8 MiB", all("write.parquet.dict-size-bytes", Integer.toString(8 << 20)));
        steps.put("zstd level 9", all("write.parquet.compression-level", "9"));
        steps.put("zstd level 15", all("write.parquet.compression-level", "15"));
        steps.put("page-size 4 MiB, page-row-limit 100000", merge(
                all("write.parquet.page-size-bytes", Integer.toString(4 << 20)),
                all("write.parquet.page-row-limit", "100000")));

        List<String> rows = new ArrayList<>();
        rows.add(row("baseline", points, Double.NaN));
        for (Map.Entry<String, Map<String, Map<String, String>>> step : steps.entrySet()) {
            for (String table : TABLES) {
                Map<String, String> props = step.getValue().getOrDefault(table, Map.of());
                if (!props.isEmpty()) {
                    Table t = session.icebergTable(table);
                    UpdateProperties update = t.updateProperties();
                    props.forEach(update::set);
                    update.commit();
                }
            }
            long started = System.nanoTime();
            for (String table : TABLES) {
                rewriteAll(table);
            }
            double rewrite = seconds(started);
            report("+ " + step.getKey(), points);
            rows.add(row("+ " + step.getKey(), points, rewrite));
        }
        String lean = leanRawPoints(points);
        System.out.printf("%n== before/after (cumulative), bytes per raw point | bytes per row%n");
        System.out.printf("%-70s %14s %14s %14s %10s%n", "step", MetricsTables.RAW_POINTS, MetricsTables.ROLLUP_1M,
                MetricsTables.ROLLUP_1H, "rewrite s");
        rows.forEach(System.out::println);
        System.out.println(lean);
    }

    /**
     * What raw_points would cost without the per-point ingest bookkeeping (batch_id, ingested_at null),
     * with the tuned properties: a copy of the table (same schema, spec, sort order, properties),
     * rewritten sorted. A schema or writer change, so only measured here, not applied.
     */
    private String leanRawPoints(long points) {
        Table raw = session.icebergTable(MetricsTables.RAW_POINTS);
        String name = "raw_points_without_ingest_columns";
        Catalog catalog = org.apache.iceberg.spark.Spark3Util.loadIcebergCatalog(session.spark(),
                session.tableName(name).split("\\.")[0]);
        org.apache.iceberg.catalog.TableIdentifier id = org.apache.iceberg.catalog.TableIdentifier.of(
                MetricsTables.NAMESPACE, name);
        catalog.buildTable(id, raw.schema()).withPartitionSpec(raw.spec()).withSortOrder(raw.sortOrder())
                .withProperties(raw.properties()).create();
        session.append(session.spark().table(session.tableName(MetricsTables.RAW_POINTS))
                .withColumn("ingested_at", org.apache.spark.sql.functions.lit(null).cast("timestamp"))
                .withColumn("batch_id", org.apache.spark.sql.functions.lit(null).cast("string")),
                session.tableName(name));
        rewriteAll(name);
        TableFootprint lean = footprint(name);
        return String.format("%nwhat-if, raw_points with batch_id and ingested_at null (tuned properties):%n%s%n%s%s",
                lean.summary(points), lean.columns(), ParquetEncodings.ofLargestFile(session.icebergTable(name)));
    }

    private String row(String step, long points, double rewriteSeconds) {
        StringBuilder line = new StringBuilder(String.format("%-70s", step));
        for (String table : TABLES) {
            TableFootprint f = footprint(table);
            line.append(String.format(" %6.3f|%7.2f", (double) f.bytes() / points, f.bytesPerRecord()));
        }
        return line.append(String.format(" %10.0f", rewriteSeconds)).toString();
    }

    private void rewriteAll(String table) {
        SparkActions.get(session.spark()).rewriteDataFiles(session.icebergTable(table))
                .sort()
                .option("rewrite-all", "true")
                .execute();
    }

    private static Map<String, Map<String, String>> all(String key, String value) {
        Map<String, Map<String, String>> props = new LinkedHashMap<>();
        for (String table : TABLES) {
            props.put(table, Map.of(key, value));
        }
        return props;
    }

    private static Map<String, Map<String, String>> timeColumnsWithoutDictionary() {
        String prefix = "write.parquet.dict-encoding-enabled.column.";
        return Map.of(
                MetricsTables.RAW_POINTS, Map.of(prefix + "ts", "false", prefix + "ingested_at", "false"),
                MetricsTables.ROLLUP_1M, Map.of(prefix + "bucket_start", "false", prefix + "first_ts", "false",
                        prefix + "last_ts", "false"),
                MetricsTables.ROLLUP_1H, Map.of(prefix + "bucket_start", "false", prefix + "first_ts", "false",
                        prefix + "last_ts", "false"));
    }

    private static Map<String, Map<String, String>> valueColumnsWithoutDictionary() {
        String prefix = "write.parquet.dict-encoding-enabled.column.";
        Map<String, String> rollup = new LinkedHashMap<>();
        for (String column : List.of("sum", "min", "max", "first", "last", "counter_increase")) {
            rollup.put(prefix + column, "false");
        }
        return Map.of(MetricsTables.RAW_POINTS, Map.of(prefix + "value", "false"),
                MetricsTables.ROLLUP_1M, rollup, MetricsTables.ROLLUP_1H, rollup);
    }

    private static Map<String, Map<String, String>> merge(Map<String, Map<String, String>> a,
            Map<String, Map<String, String>> b) {
        Map<String, Map<String, String>> merged = new LinkedHashMap<>();
        for (String table : TABLES) {
            Map<String, String> props = new LinkedHashMap<>(a.getOrDefault(table, Map.of()));
            props.putAll(b.getOrDefault(table, Map.of()));
            merged.put(table, props);
        }
        return merged;
    }

    private TableFootprint footprint(String table) {
        return TableFootprint.of(table, session.icebergTable(table));
    }

    /** Runs a batch-jobs command in this JVM (it reuses the running Spark session), as Airflow would. */
    private void cli(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--local", "--catalog-config", catalogConfig.toString()));
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(BatchJobsCli.class);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        long started = System.nanoTime();
        int exit = cli.execute(all.toArray(String[]::new));
        String lines = out.toString().lines().filter(l -> !l.contains("partition=") || l.contains("T00:00") || l.startsWith("compact "))
                .reduce("", (x, y) -> x + y + "\n");
        System.out.printf("%s %s: exit %d in %.0f s%n%s", args[0], args.length > 2 ? args[2] : "", exit,
                seconds(started), lines);
        if (exit != 0) {
            throw new IllegalStateException(String.join(" ", args) + " failed: " + err);
        }
    }

    private static double seconds(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1e9;
    }
}
