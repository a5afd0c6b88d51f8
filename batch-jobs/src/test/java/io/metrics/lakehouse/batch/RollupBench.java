package io.metrics.lakehouse.batch;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

import io.metrics.lakehouse.local.LocalStack;
import io.metrics.lakehouse.local.LocalStackConfig;
import io.metrics.lakehouse.local.StackEndpoints;
import io.metrics.lakehouse.spark.SparkSessions;
import io.metrics.lakehouse.spark.TableRows;
import io.metrics.lakehouse.spark.rollup.Rollups;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * Throughput of the 1-minute rollup on this machine (run by {@code bench/run.sh}): starts a private local
 * stack, writes {@code points} raw points of one hour with Spark ({@code series} series of 40 metrics,
 * gauges and counters, evenly spaced; values a noisy sine for gauges, a growing total for counters), then
 * times {@code rollup --granularity 1m} of that hour through the CLI, as Airflow runs it: read, compute,
 * partition overwrite, checksum, log row. Prints raw points/s per core of Spark's local[2] (2 cores), and
 * the same for the computation alone (the rollup query, counted without writing), to show where time goes.
 */
public final class RollupBench {

    private static final int CORES = 2;
    private static final Instant HOUR = Instant.parse("2026-02-01T10:00:00Z");

    public static void main(String[] args) throws Exception {
        long points = args.length > 0 ? Long.parseLong(args[0]) : 5_000_000L;
        int series = args.length > 1 ? Integer.parseInt(args[1]) : 2_000;
        Path work = Files.createDirectories(Path.of(args.length > 2 ? args[2] : "target/bench")).toAbsolutePath();
        try (LocalStack stack = LocalStack.start(LocalStackConfig.forTests(work.resolve("stack")))) {
            StackEndpoints endpoints = stack.endpoints();
            Path catalogConfig = BatchTestSupport.catalogConfig(endpoints);
            System.out.printf("stack up in %s%n", stack.startDuration());
            SparkSession spark = SparkSessions.local("rollup-bench", endpoints.icebergCatalogName(),
                    endpoints.icebergCatalogProperties());
            spark.sparkContext().addSparkListener(new JobTimings());
            try {
                run(spark, catalogConfig, points, series,
                        args.length > 3 ? List.of(args[3].split(",")) : List.of());
            } finally {
                spark.stop();
            }
        }
    }

    private static void run(SparkSession spark, Path catalogConfig, long points, int series, List<String> abConfs)
            throws Exception {
        long started = System.nanoTime();
        generate(spark, points, series);
        System.out.printf("generated %,d raw points (%,d series) in %.1f s%n", points, series, seconds(started));
        printScans(spark);
        if (abConfs.equals(List.of("write"))) {
            compareWrites(spark);

        } else if (!abConfs.isEmpty()) {
            compareConfs(spark, points, abConfs);
        }

        // The computation alone: the rollup query over the hour, counted (no write, no checksum). A count
        // lets Spark prune every aggregate (only the group-by keys are computed), so the query is also run
        // into the noop sink, which consumes every column: that is the real computation.
        started = System.nanoTime();
        long buckets = Rollups.minutes(spark.table("iceberg.metrics.raw_points")).count();
        double compute = seconds(started);
        String jfr = System.getProperty("bench.jfr", "");
        if (!jfr.isEmpty()) {
            // A warm-up round first, so that the recording shows the steady state, not the JIT's first pass.
            Rollups.minutes(spark.table("iceberg.metrics.raw_points")).write().format("noop").mode("overwrite").save();
        }
        started = System.nanoTime();
        long cpuStarted = cpuNanos();
        java.util.Map<String, Long> threadsBefore = threadCpuTicks();
        try (FlightRecording recording = FlightRecording.start(jfr)) {
            Rollups.minutes(spark.table("iceberg.metrics.raw_points")).write().format("noop").mode("overwrite").save();
        }
        double computeAll = seconds(started);
        double computeAllCpu = (cpuNanos() - cpuStarted) / 1e9;
        printThreadCpu(threadsBefore, threadCpuTicks());

        StringWriter out = new StringWriter();
        started = System.nanoTime();
        cpuStarted = cpuNanos();
        int exit = BatchTestSupport.run(out, "rollup", "--granularity", "1m", "--from", HOUR.toString(), "--to",
                HOUR.plusSeconds(3600).toString(), "--local", "--catalog-config", catalogConfig.toString());
        double total = seconds(started);
        double totalCpu = (cpuNanos() - cpuStarted) / 1e9;
        if (exit != 0) {
            throw new IllegalStateException("rollup failed with exit status " + exit);
        }
        System.out.print(out);

        // The checksum alone (what verify does per partition): the partition read back sorted and hashed.
        started = System.nanoTime();
        PartitionChecksum checksum;
        try (BatchSession session = new BatchSession(spark, "iceberg", false)) {
            checksum = RollupRunner.stored(session,
                    new Partition(Granularity.MINUTE, HOUR, HOUR.plusSeconds(3600)), "");
        }
        System.out.printf("checksum only (verify): %,d rows in %.1f s%n", checksum.rows(), seconds(started));
        System.out.printf("load average (1 min) at the end: %s%n", loadAverage());
        System.out.printf("rollup_1m group-by keys only (count): %,d points -> %,d buckets in %.1f s = %,.0f points/s/core%n",
                points, buckets, compute, points / compute / CORES);
        System.out.printf("rollup_1m compute only (every column, noop sink): %,d points in %.1f s = %,.0f points/s/core;"
                + " CPU %.1f s = %,.0f points per CPU-second%n", points, computeAll, points / computeAll / CORES,
                computeAllCpu, points / computeAllCpu);
        System.out.printf("rollup_1m job (read, compute, overwrite, checksum, log): %,d points in %.1f s"
                + " = %,.0f points/s/core (goal 2,000,000); CPU %.1f s = %,.0f points per CPU-second%n", points, total,
                points / total / CORES, totalCpu, points / totalCpu);
    }

    /**
     * The rollup query (every column, noop sink) under alternating settings ({@code key=value}), three
     * rounds in one JVM on the same data: on a shared machine the load changes from minute to minute, so
     * only an interleaved comparison tells a setting's effect from the neighbours'.
     */
    private static void compareConfs(SparkSession spark, long points, List<String> confs) throws Exception {
        int rounds = Integer.getInteger("bench.rounds", 3);
        if (!System.getProperty("bench.jfr", "").isEmpty()) {
            // JFR's first recording in a JVM pays its start-up: not inside a measured round.
            try (FlightRecording warmUp = FlightRecording.start(System.getProperty("java.io.tmpdir") + "/warm-up.jfr")) {
                Thread.sleep(1_000);
            }
        }
        for (int round = 1; round <= rounds; round++) {
            for (String conf : confs) {
                setConfs(spark, conf);
                long started = System.nanoTime();
                long cpuStarted = cpuNanos();
                // With BENCH_JFR, the last round of each setting is recorded too, to a file per setting.
                String jfr = round == rounds && !System.getProperty("bench.jfr", "").isEmpty()
                        ? System.getProperty("bench.jfr").replaceFirst("(\\.jfr)?$", "-" + confs.indexOf(conf) + ".jfr") : "";
                try (FlightRecording recording = FlightRecording.start(jfr)) {
                    Rollups.minutes(spark.table("iceberg.metrics.raw_points")).write().format("noop").mode("overwrite")
                            .save();
                }
                double s = seconds(started);
                double cpu = (cpuNanos() - cpuStarted) / 1e9;
                System.out.printf("ab round %d %s: %.1f s = %,.0f points/s/core; CPU %.1f s = %,.0f points per"
                        + " CPU-second (load average %s)%n", round, conf, s, points / s / CORES, cpu, points / cpu,
                        loadAverage());
            }
        }
        // The same rows under every setting: the output's checksum (that of the rollup job) per setting.
        Column[] order = java.util.Arrays.stream(PartitionChecksum.SORT_COLUMNS).map(c -> col(c).asc())
                .toArray(Column[]::new);
        for (String conf : confs) {
            setConfs(spark, conf);
            PartitionChecksum checksum = PartitionChecksum.of(
                    Rollups.minutes(spark.table("iceberg.metrics.raw_points")).sort(order).toLocalIterator());
            System.out.printf("ab checksum %s: %d rows %s%n", conf, checksum.rows(), checksum.hex());
        }
        for (String conf : confs) {
            for (String setting : conf.split("&")) {
                spark.conf().unset(setting.split("=", 2)[0]);
            }
        }
    }

    /** {@code key=value}, or several joined by {@code &}: one side of an A/B comparison. */
    private static void setConfs(SparkSession spark, String confs) {
        for (String setting : confs.split("&")) {
            String[] kv = setting.split("=", 2);
            spark.conf().set(kv[0], kv[1]);
        }
    }

    /**
     * The scan of raw_points as the rollup reads it: whether Iceberg reads it as columnar batches
     * ({@code ColumnarToRow} above the {@code BatchScan}) or row by row (a map column, such as the tags
     * raw_points had before they moved to series, forces row by row).
     */
    private static void printScans(SparkSession spark) {
        Dataset<Row> raw = spark.table("iceberg.metrics.raw_points");
        // Without adaptive execution the plan is final before running: the row/columnar transitions show.
        spark.conf().set("spark.sql.adaptive.enabled", "false");
        try {
            for (String[] columns : List.<String[]>of(new String[] {"metric", "metric_type", "series_id", "ts", "value",
                    "ingested_at"})) {
                String plan = raw.selectExpr(columns).queryExecution().executedPlan().toString();
                System.out.printf("scan of %s:%n", String.join(", ", columns));
                for (String line : plan.split("\\n")) {
                    System.out.println("  plan: " + line.strip());
                }
            }
            System.out.println("rollup query:");
            for (String line : Rollups.minutes(raw).queryExecution().executedPlan().toString().split("\\n")) {
                System.out.println("  plan: " + line.stripTrailing());
            }
        } finally {
            spark.conf().unset("spark.sql.adaptive.enabled");
        }
    }

    /**
     * The part of the job after the query, on the same cached rows, three interleaved rounds: the global
     * sort (range distribution: a sampling job, then one file per shuffle partition) against one task's
     * sort into one file ({@code RollupRunner.totalOrder}); each followed by the overwrite and the checksum.
     */
    private static void compareWrites(SparkSession spark) {
        Column[] order = java.util.Arrays.stream(PartitionChecksum.SORT_COLUMNS).map(c -> col(c).asc())
                .toArray(Column[]::new);
        Dataset<Row> computed = Rollups.minutes(spark.table("iceberg.metrics.raw_points"))
                .persist(org.apache.spark.storage.StorageLevel.MEMORY_AND_DISK());
        computed.count();
        Column hour = col("bucket_start").geq(lit(java.sql.Timestamp.from(HOUR)))
                .and(col("bucket_start").lt(lit(java.sql.Timestamp.from(HOUR.plusSeconds(3600)))));
        try (BatchSession session = new BatchSession(spark, "iceberg", false)) {
            for (int round = 1; round <= 3; round++) {
                for (String strategy : List.of("global sort", "one task")) {
                    long started = System.nanoTime();
                    Dataset<Row> sorted = (strategy.equals("global sort") ? computed.sort(order)
                            : computed.coalesce(1).sortWithinPartitions(order))
                            .persist(org.apache.spark.storage.StorageLevel.MEMORY_AND_DISK());
                    session.overwriteSorted(sorted, "iceberg.metrics.rollup_1m", hour, null);
                    PartitionChecksum checksum = PartitionChecksum.of(sorted.toLocalIterator());
                    sorted.unpersist();
                    System.out.printf("write ab round %d %s: sort + overwrite + checksum %.1f s, %d rows %s"
                            + " (load average %s)%n", round, strategy, seconds(started), checksum.rows(),
                            checksum.hex().substring(0, 12), loadAverage());
                }
            }
        }
        computed.unpersist();
    }

    /**
     * CPU time of this JVM (Spark's local executors, the driver, GC, JIT): on a machine shared with other
     * builds the wall time mostly measures the neighbours, the CPU time much less so.
     */
    static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /**
     * CPU time (clock ticks of 10 ms, user + system) of every thread of this JVM by name, digits removed
     * so that the pools add up: JFR's execution samples only see threads running Java code, not the JIT
     * compilers, the GC or native code.
     */
    static java.util.Map<String, Long> threadCpuTicks() {
        java.util.Map<String, Long> ticks = new java.util.TreeMap<>();
        try (java.util.stream.Stream<Path> tasks = Files.list(Path.of("/proc/self/task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    String stat = Files.readString(task.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replaceAll("[0-9]+", "#");
                    String[] rest = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    ticks.merge(name + " [" + task.getFileName() + "]", Long.parseLong(rest[11]) + Long.parseLong(rest[12]), Long::sum);
                } catch (java.io.IOException | RuntimeException e) {
                    // the thread ended meanwhile
                }
            }
        } catch (java.io.IOException e) {
            return ticks;
        }
        return ticks;
    }

    static void printThreadCpu(java.util.Map<String, Long> before, java.util.Map<String, Long> after) {
        java.util.Map<String, Long> byName = new java.util.TreeMap<>();
        after.forEach((thread, ticks) -> byName.merge(thread.substring(0, thread.lastIndexOf(" [")),
                ticks - before.getOrDefault(thread, 0L), Long::sum));
        long total = byName.values().stream().mapToLong(Long::longValue).sum();
        System.out.printf("CPU of the noop query by thread (%.2f s in all):%n", total / 100.0);
        byName.entrySet().stream().filter(e -> e.getValue() > 0)
                .sorted(java.util.Map.Entry.<String, Long>comparingByValue().reversed()).limit(12)
                .forEach(e -> System.out.printf("  %6.2f s  %s%n", e.getValue() / 100.0, e.getKey()));
    }

    static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        } catch (java.io.IOException e) {
            return "?";
        }
    }

    private static void generate(SparkSession spark, long points, int series) throws Exception {
        long perSeries = Math.max(1, points / series);
        double spacingMicros = 3_600_000_000.0 / perSeries;
        Dataset<Row> rows = spark.range(points)
                .withColumn("s", col("id").mod(series))
                .withColumn("k", col("id").divide(series).cast("long"))
                .withColumn("metric", concat(lit("bench.metric_"), col("s").mod(40).cast("string")))
                .withColumn("metric_type", when(col("s").mod(40).lt(10), lit("counter")).otherwise(lit("gauge")))
                .withColumn("series_id", col("s").multiply(2_654_435_761L))
                .withColumn("ts", expr("timestamp_micros(" + micros(HOUR) + " + CAST(k * " + spacingMicros + " AS BIGINT))"))
                // Gauges: a sine with noise rounded to 0.01; counters: a growing total of small integers.
                .withColumn("value", when(col("metric_type").equalTo("counter"),
                                expr("CAST(k * 3 + (hash(id) & 7) AS DOUBLE)"))
                        .otherwise(expr("round(100 + 20 * sin(k / 60.0) + (hash(id) % 500) / 100.0, 2)")))
                .withColumn("ingested_at", col("ts"))
                .withColumn("source", lit("bench"))
                .withColumn("batch_id", lit(null).cast("string"));
        TableRows.conform(rows.drop("id", "s", "k"), "iceberg.metrics.raw_points").writeTo("iceberg.metrics.raw_points")
                .append();
    }

    private static long micros(Instant instant) {
        return SourceChanges.micros(instant);
    }

    private static double seconds(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1e9;
    }

    /**
     * A JFR recording (the JDK's "profile" settings: Java samples every 10 ms, native ones every 20 ms) of
     * what runs inside it, dumped to {@code file} at the end; nothing when {@code file} is empty. Read it
     * with {@code jfr print --events jdk.ExecutionSample}, or {@code bench/jfr-top.py}.
     */
    static final class FlightRecording implements AutoCloseable {
        private final jdk.jfr.Recording recording;
        private final Path file;

        private FlightRecording(jdk.jfr.Recording recording, Path file) {
            this.recording = recording;
            this.file = file;
        }

        static FlightRecording start(String file) throws Exception {
            if (file.isEmpty()) {
                return new FlightRecording(null, null);
            }
            jdk.jfr.Recording recording = new jdk.jfr.Recording(jdk.jfr.Configuration.getConfiguration("profile"));
            recording.start();
            return new FlightRecording(recording, Path.of(file));
        }

        @Override
        public void close() throws java.io.IOException {
            if (recording != null) {
                recording.stop();
                recording.dump(file);
                recording.close();
                System.out.printf("flight recording of the noop query: %s%n", file);
            }
        }
    }

    /** Prints every Spark job's duration and call site: where a run's time goes. */
    static final class JobTimings extends org.apache.spark.scheduler.SparkListener {
        private final java.util.Map<Integer, Long> started = new java.util.concurrent.ConcurrentHashMap<>();
        private final java.util.Map<Integer, String> sites = new java.util.concurrent.ConcurrentHashMap<>();

        @Override
        public void onJobStart(org.apache.spark.scheduler.SparkListenerJobStart job) {
            started.put(job.jobId(), job.time());
            sites.put(job.jobId(), job.stageInfos().isEmpty() ? "?" : job.stageInfos().last().name()
                    + " (" + job.stageInfos().size() + " stages)");
        }

        @Override
        public void onJobEnd(org.apache.spark.scheduler.SparkListenerJobEnd job) {
            Long start = started.remove(job.jobId());
            System.out.printf("  spark job %d %6d ms  %s%n", job.jobId(), start == null ? -1 : job.time() - start,
                    sites.remove(job.jobId()));
        }
    }
}
