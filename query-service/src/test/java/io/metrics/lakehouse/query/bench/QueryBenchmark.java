package io.metrics.lakehouse.query.bench;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.metrics.lakehouse.local.LocalStackExtension;
import io.metrics.lakehouse.local.StackEndpoints;
import io.metrics.lakehouse.query.QueryServiceApplication;
import io.metrics.lakehouse.query.QueryServiceConfiguration;
import io.metrics.lakehouse.query.testing.StackData;
import io.dropwizard.testing.ConfigOverride;
import io.metrics.lakehouse.core.SeriesId;
import io.metrics.lakehouse.core.wire.v1.MetricType;
import io.metrics.lakehouse.core.wire.v1.PointBatch;
import io.metrics.lakehouse.core.wire.v1.Sample;
import io.metrics.lakehouse.core.wire.v1.SeriesPoints;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Load generator of {@code bench/run.sh} (skipped unless {@code -Dbench.series=N}): loads N series
 * of {@code bench.cpu} (raw points every 10 s for 7 days, minute rollups for 30 days, hours logged
 * complete) with Trino {@code INSERT ... SELECT} from {@code sequence}, then measures the query
 * API over HTTP and prints p50/p99 latencies.
 */
@ExtendWith({LocalStackExtension.class, DropwizardExtensionsSupport.class})
class QueryBenchmark {

    private static final StackEndpoints STACK = LocalStackExtension.endpoints();
    private static final int SERIES = Integer.getInteger("bench.series", 0);
    private static final int RAW_DAYS = Integer.getInteger("bench.rawDays", 7);
    private static final int ROLLUP_DAYS = Integer.getInteger("bench.rollupDays", 30);
    /**
     * Days of minute rollups (and their log rows), newest first; the hourly rollups always cover
     * ROLLUP_DAYS. A 30-day panel at 2 h reads minutes only for today (older days come from complete
     * hourly days), so fewer minute days only shorten the load (at 10,000 series, 30 days of minutes is
     * 432M rows).
     */
    private static final int MINUTE_DAYS = Math.min(ROLLUP_DAYS, Integer.getInteger("bench.minuteDays", ROLLUP_DAYS));
    private static final int ROUNDS = Integer.getInteger("bench.rounds", 10);
    /** How long the breaker on Trino stays open (query.circuitBreaker.openDuration, 30 s in config/local.yml), plus a margin. */
    private static final Duration BREAKER_OPEN = Duration.ofSeconds(35);

    static final DropwizardAppExtension<QueryServiceConfiguration> APP = new DropwizardAppExtension<>(
            QueryServiceApplication.class, "config/local.yml", "dw-bench.",
            ConfigOverride.randomPorts("dw-bench."),
            ConfigOverride.config("dw-bench.", "trino.jdbcUrl", STACK.trinoJdbcUrl()),
            ConfigOverride.config("dw-bench.", "trino.user", STACK.trinoUser()),
            ConfigOverride.config("dw-bench.", "database.url", STACK.jdbcUrl(StackEndpoints.CONTROL_PLANE_DATABASE)),
            ConfigOverride.config("dw-bench.", "database.user", STACK.postgresUser()),
            ConfigOverride.config("dw-bench.", "database.password", STACK.postgresPassword()),
            ConfigOverride.config("dw-bench.", "query.maxConcurrentPerToken", "64"),
            ConfigOverride.config("dw-bench.", "logging.level", "WARN"),
            // The recent window reads the points topic; -Dbench.recentWindow=false measures Trino alone.
            // 10,000 series x 2 h at 10 s is 7.2M points (the test JVM has 2 GB).
            ConfigOverride.config("dw-bench.", "recentWindow.maxPoints", "30000000"),
            ConfigOverride.config("dw-bench.", "recentWindow.bootstrapServers",
                    Boolean.parseBoolean(System.getProperty("bench.recentWindow", "true")) ? STACK.kafkaBootstrapServers() : ""));

    /** Read by bench/run.sh (surefire sends test output to a report file). */
    private static final java.nio.file.Path RESULTS = java.nio.file.Path.of("target", "bench-results.txt");

    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void run() throws Exception {
        assumeTrue(SERIES > 0, "set -Dbench.series=N to run the benchmark");
        StackData data = new StackData(STACK);
        Instant now = Instant.now().truncatedTo(ChronoUnit.MINUTES);
        long t0 = System.nanoTime();
        String series = "SELECT s, CAST(s AS bigint) + 1000000 AS series_id, MAP(ARRAY['host', 'region'],"
                + " ARRAY['host-' || CAST(s AS varchar), 'region-' || CAST(s % 4 AS varchar)]) AS tags"
                + " FROM UNNEST(sequence(1, " + SERIES + ")) AS x(s)";
        // sequence() stops at 10,000 entries: hours x steps within the hour.
        long rawStart = now.minus(RAW_DAYS, ChronoUnit.DAYS).getEpochSecond();
        // The layout production has: older data as large files sorted by series (compact rewrites what is
        // older than its --settle of 2 h), the last 2 hours as the speed layer's time-sliced appends (here
        // one per 10 minutes). A last-hour panel then reads the recent slices, not the whole day.
        long recentStart = now.minus(2, ChronoUnit.HOURS).getEpochSecond();
        // A day at a time: every partition a statement writes holds a writer's buffers (512 MB per query).
        for (int day = 0; day < RAW_DAYS; day++) {
            load(data, true, rawInsert(series, rawStart + day * 86_400L, 24, 360, 10, recentStart));
        }
        for (long slice = recentStart; slice < now.getEpochSecond(); slice += 600) {
            load(data, true, rawInsert(series, slice, 1, 60, 10, now.getEpochSecond()));
        }
        // What the gateway published for those last 2 hours: the recent window (when on) reads them from the topic.
        long published = publishRecent(recentStart, now.getEpochSecond());
        long rawMs = (System.nanoTime() - t0) / 1_000_000;
        t0 = System.nanoTime();
        long rollupStart = now.minus(ROLLUP_DAYS, ChronoUnit.DAYS).getEpochSecond();
        long rollupEnd = now.minus(2, ChronoUnit.HOURS).getEpochSecond();
        // rollup_1m has hour partitions, and each open partition writer holds its Parquet buffers (~20 MB
        // with the tables' 4 MiB pages and 8 MiB dictionaries): 8 hours at a time stays inside the local
        // Trino's 512 MB per query (a day at a time exceeded it at 1,000 series).
        for (long chunk = (ROLLUP_DAYS - MINUTE_DAYS) * 24L; chunk < ROLLUP_DAYS * 24L; chunk += 8) {
            load(data, false, "INSERT INTO rollup_1m (metric, metric_type, series_id, bucket_start, \"count\", \"sum\","
                    + " \"min\", \"max\", \"first\", \"last\", first_ts, last_ts, counter_increase, sketch) SELECT 'bench.cpu',"
                    + " 'gauge', series_id, b, 6, 6 * v, v - 1, v + 1, v, v, b, b + INTERVAL '50' SECOND, 0e0, NULL FROM"
                    + " (SELECT series_id, CAST(from_unixtime(e) AS timestamp(6) with time zone) AS b,"
                    + " 50 + 40 * sin(e / 600e0 + s) AS v FROM (SELECT x.*, " + rollupStart + " + h * 3600 + k * 60 AS e FROM ("
                    + series + ") x CROSS JOIN UNNEST(sequence(" + chunk + ", " + Math.min(ROLLUP_DAYS * 24L, chunk + 8) + " - 1))"
                    + " AS hh(h) CROSS JOIN UNNEST(sequence(0, 59)) AS kk(k)) WHERE e < " + rollupEnd + ")");
        }
        load(data, false, "INSERT INTO rollup_partition_log (granularity, partition_start, partition_end, metric_prefix, row_count,"
                + " checksum, source_snapshot_id, job_run_id, completed_at) SELECT '1m', with_timezone(h, 'UTC'),"
                + " with_timezone(h, 'UTC') + INTERVAL '1' HOUR, 'bench.', 0,"
                + " 'bench', NULL, 'bench', current_timestamp FROM UNNEST(sequence("
                + ts(now.minus(MINUTE_DAYS, ChronoUnit.DAYS).truncatedTo(ChronoUnit.HOURS)) + ", "
                + ts(now.minus(3, ChronoUnit.HOURS).truncatedTo(ChronoUnit.HOURS)) + ", INTERVAL '1' HOUR)) AS z(h)");
        // rollup_1h: the same hours, each completed hour logged complete at granularity 1h (as the
        // batch's hourly job does), so steps of an hour or more can be served from it. A day at
        // a time: each day partition open at once holds a writer's buffers (a week at a time exceeded
        // the 512 MB per query at 1,000 series).
        for (long chunk = 0; chunk < ROLLUP_DAYS * 24L; chunk += 24) {
            load(data, false, "INSERT INTO rollup_1h (metric, metric_type, series_id, bucket_start, \"count\", \"sum\","
                + " \"min\", \"max\", \"first\", \"last\", first_ts, last_ts, counter_increase, sketch) SELECT 'bench.cpu',"
                + " 'gauge', series_id, b, 360, 360 * v, v - 1, v + 1, v, v, b, b + INTERVAL '3590' SECOND, 0e0, NULL FROM"
                + " (SELECT series_id, CAST(from_unixtime(e) AS timestamp(6) with time zone) AS b,"
                + " 50 + 40 * sin(e / 600e0 + s) AS v FROM (SELECT x.*, " + (rollupStart / 3600 * 3600) + " + h * 3600 AS e FROM ("
                + series + ") x CROSS JOIN UNNEST(sequence(" + chunk + ", " + Math.min(ROLLUP_DAYS * 24L, chunk + 24)
                + " - 1)) AS hh(h)) WHERE e < " + rollupEnd + ")");
        }
        // The series catalog the speed layer keeps, the only table with tags: every tier's queries join it.
        load(data, true, "INSERT INTO series (metric, series_id, metric_type, tags, first_seen) SELECT 'bench.cpu',"
                + " series_id, 'gauge', tags, CAST(from_unixtime(" + rollupStart + ") AS timestamp(6) with time zone) FROM ("
                + series + ") x WHERE NOT EXISTS (SELECT 1 FROM series t WHERE t.metric = 'bench.cpu'"
                + " AND t.series_id = x.series_id)");
        load(data, false, "INSERT INTO rollup_partition_log (granularity, partition_start, partition_end, metric_prefix, row_count,"
                + " checksum, source_snapshot_id, job_run_id, completed_at) SELECT '1h', with_timezone(h, 'UTC'),"
                + " with_timezone(h, 'UTC') + INTERVAL '1' HOUR, 'bench.', 0, 'bench', NULL, 'bench', current_timestamp"
                + " FROM UNNEST(sequence(" + ts(Instant.ofEpochSecond(rollupStart).truncatedTo(ChronoUnit.HOURS)) + ", "
                + ts(now.minus(3, ChronoUnit.HOURS).truncatedTo(ChronoUnit.HOURS)) + ", INTERVAL '1' HOUR)) AS z(h)");
        long rollupMs = (System.nanoTime() - t0) / 1_000_000;
        long rawRows = data.longValue("SELECT count(*) FROM raw_points WHERE metric = 'bench.cpu'");
        long rollupRows = data.longValue("SELECT count(*) FROM rollup_1m WHERE metric = 'bench.cpu'");
        java.nio.file.Files.deleteIfExists(RESULTS);
        print("%nLoaded %d series: %,d raw points (%d days at 10 s) in %,d ms; %,d minute rollup rows"
                + " (%d days; hourly rows %d days) in %,d ms%n", SERIES, rawRows, RAW_DAYS, rawMs, rollupRows, MINUTE_DAYS,
                ROLLUP_DAYS, rollupMs);
        print("Published the last 2 h (%,d points) to %s; recent window: %s points%n", published, StackEndpoints.POINTS_TOPIC,
                APP.getEnvironment().metrics().getGauges().containsKey("query.recent.points")
                        ? String.format("%,d", (Long) APP.getEnvironment().metrics().getGauges().get("query.recent.points").getValue())
                        : "off");

        AtomicInteger distinct = new AtomicInteger();
        // Cold: every request differs (a filter that matches every series), so the cache never answers.
        IntFunction<String> lastHourCold = i -> "/v1/query?metric=bench.cpu&start=now-1h&step=10s&agg=avg"
                + "&group_by=region&tags=host!:none-" + distinct.incrementAndGet();
        IntFunction<String> lastHourWarm = i -> "/v1/query?metric=bench.cpu&start=now-1h&step=10s&agg=avg&group_by=region";
        IntFunction<String> thirtyDays = i -> "/v1/query?metric=bench.cpu&start=now-" + ROLLUP_DAYS
                + "d&step=2h&agg=avg&group_by=region&tags=host!:none-" + distinct.incrementAndGet();
        print("%-30s %7s %9s %11s %11s %8s%n", "panel", "clients", "requests", "p50 ms", "p99 ms", "errors");
        // One client first, then 20: 20 cold queries at once can time out and open the circuit breaker
        // on Trino, which then sheds every query for its open period; the bench waits that out before
        // the next row, so that a row measures its own panel and not the breaker.
        measure("last hour, 10 s, cold", lastHourCold, 1, ROUNDS);
        get(lastHourWarm.apply(0));
        measure("last hour, 10 s, warm", lastHourWarm, 1, ROUNDS * 5);
        measure("last hour, 10 s, warm", lastHourWarm, 20, ROUNDS);
        measure(ROLLUP_DAYS + " days, 2 h, cold", thirtyDays, 1, Math.max(1, ROUNDS / 3));
        measure("last hour, 10 s, cold", lastHourCold, 20, Math.max(1, ROUNDS / 5));
        Thread.sleep(BREAKER_OPEN.toMillis());
        // Everyone opens the same dashboard (an incident): one execution answers all 20.
        String samePanel = thirtyDays.apply(0);
        measure(ROLLUP_DAYS + " days, 2 h, same panel", i -> samePanel, 20, 1);
        measure(ROLLUP_DAYS + " days, 2 h, cold", thirtyDays, 20, 1);
        // A panel refreshed, or opened by others at other moments: one shape (metric, step, aggregation,
        // filters, group-by) over ranges that differ, so the result cache does not answer; its whole
        // settled days are read from Trino once (the first request) and reused.
        AtomicInteger shift = new AtomicInteger();
        IntFunction<String> refreshed = i -> "/v1/query?metric=bench.cpu&start=now-" + (ROLLUP_DAYS * 24 - 2 * shift.incrementAndGet())
                + "h&step=2h&agg=avg&group_by=region";
        measure(ROLLUP_DAYS + " days, 2 h, refreshed", refreshed, 1, ROUNDS);
        measure(ROLLUP_DAYS + " days, 2 h, refreshed", refreshed, 20, 1);
        // An incident: 20 people open distinct long-range panels while one watches the last hour,
        // which the recent window answers without Trino.
        measureDuring(thirtyDays, 20, "last hour, cold, in a storm", lastHourCold, ROUNDS);
        holdForInspection();
    }

    /**
     * Starts {@code stormClients} clients requesting one {@code storm} panel each, measures {@code name}
     * with one client meanwhile, then waits for the storm to end (its own latencies are not printed).
     */
    private void measureDuring(IntFunction<String> storm, int stormClients, String name, IntFunction<String> path,
            int requests) throws Exception {
        ExecutorService stormPool = Executors.newFixedThreadPool(stormClients);
        List<Future<Integer>> stormRequests = new ArrayList<>();
        for (int c = 0; c < stormClients; c++) {
            stormRequests.add(stormPool.submit(() -> get(storm.apply(0))));
        }
        try {
            // Let the storm's requests reach the service first.
            Thread.sleep(500);
            measure(name, path, 1, requests);
            int stormErrors = 0;
            for (Future<Integer> request : stormRequests) {
                stormErrors += request.get() == 200 ? 0 : 1;
            }
            print("  (during %d distinct %s panels; %d of them were errors)%n", stormClients, ROLLUP_DAYS + " days, 2 h",
                    stormErrors);
        } finally {
            stormPool.shutdown();
        }
    }

    /**
     * {@code -Dbench.holdSeconds=N} keeps the loaded stack up for N seconds after the runs, for looking
     * into Trino by hand (EXPLAIN ANALYZE of a statement from system.runtime.queries).
     */
    private void holdForInspection() throws Exception {
        long seconds = Long.getLong("bench.holdSeconds", 0);
        if (seconds > 0) {
            print("Holding the stack for %d s: Trino %s (user %s), query-service http://127.0.0.1:%d%n", seconds,
                    STACK.trinoJdbcUrl(), STACK.trinoUser(), APP.getLocalPort());
            Thread.sleep(seconds * 1000);
        }
    }

    private void measure(String name, IntFunction<String> path, int clients, int perClient) throws Exception {
        Instant measured = Instant.now();
        Duration trinoCpu = trinoProcessCpu();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        List<Long> latencies = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger errors = new AtomicInteger();
        List<Callable<Void>> calls = new ArrayList<>();
        for (int c = 0; c < clients; c++) {
            calls.add(() -> {
                for (int i = 0; i < perClient; i++) {
                    long start = System.nanoTime();
                    int status = get(path.apply(i));
                    latencies.add(System.nanoTime() - start);
                    if (status != 200) {
                        errors.incrementAndGet();
                    }
                }
                return null;
            });
        }
        try {
            for (Future<Void> f : pool.invokeAll(calls)) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        List<Long> sorted = new ArrayList<>(latencies);
        Collections.sort(sorted);
        print("%-30s %7d %9d %11.1f %11.1f %8d%n", name, clients, sorted.size(),
                percentile(sorted, 0.50), percentile(sorted, 0.99), errors.get());
        trinoBreakdown(measured, trinoProcessCpu().minus(trinoCpu), sorted.size());
    }

    /**
     * CPU time of the stack's Trino JVM so far (all its threads: operators, JIT, GC, coordinator), or
     * zero when it cannot be read. Its growth over a row, per request, is what a panel costs Trino.
     */
    private static Duration trinoProcessCpu() {
        String stackDir = java.nio.file.Path.of("target", "local-stack").toAbsolutePath().toString();
        return ProcessHandle.allProcesses()
                // The JVM itself, not the shell that watches it (whose arguments name the same class).
                .filter(p -> p.info().command().filter(c -> c.endsWith("/java")).isPresent()
                        && p.info().commandLine().filter(c -> c.contains("io.trino.server.TrinoServer") && c.contains(stackDir))
                        .isPresent())
                .findFirst().flatMap(p -> p.info().totalCpuDuration()).orElse(Duration.ZERO);
    }

    /**
     * Where the time of the Trino statements of one table row went (system.runtime.queries of the
     * service's source): statements per API request, and p50/p99 of queued, analysis, planning and
     * the rest (execution and result transfer) in ms; and the Trino JVM's CPU over the row.
     */
    private void trinoBreakdown(Instant since, Duration trinoCpu, int requests) throws Exception {
        StackData data = new StackData(STACK);
        try (java.sql.Connection c = data.connect(); java.sql.Statement s = c.createStatement();
                java.sql.ResultSet r = s.executeQuery("SELECT count(*), "
                        + "approx_percentile(queued_time_ms, 0.5), approx_percentile(queued_time_ms, 0.99), "
                        + "approx_percentile(analysis_time_ms, 0.5), approx_percentile(analysis_time_ms, 0.99), "
                        + "approx_percentile(planning_time_ms, 0.5), approx_percentile(planning_time_ms, 0.99), "
                        + "approx_percentile(to_milliseconds(\"end\" - created), 0.5), "
                        + "approx_percentile(to_milliseconds(\"end\" - created), 0.99), "
                        + "approx_percentile(to_milliseconds(\"end\" - created) - queued_time_ms - analysis_time_ms"
                        + " - planning_time_ms, 0.5), approx_percentile(to_milliseconds(\"end\" - created) - queued_time_ms"
                        + " - analysis_time_ms - planning_time_ms, 0.99) FROM system.runtime.queries WHERE source = 'query-service'"
                        + " AND created >= from_iso8601_timestamp('" + since + "') AND \"end\" IS NOT NULL")) {
            r.next();
            print("    trino: %d statements; p50/p99 ms: queued %d/%d, analysis %d/%d, planning %d/%d, rest %d/%d,"
                    + " total %d/%d; Trino JVM CPU %.1f s (%.2f s per request)%n", r.getLong(1), r.getLong(2), r.getLong(3),
                    r.getLong(4), r.getLong(5), r.getLong(6), r.getLong(7), r.getLong(10), r.getLong(11), r.getLong(8),
                    r.getLong(9), trinoCpu.toMillis() / 1e3, trinoCpu.toMillis() / 1e3 / requests);
        } catch (java.sql.SQLException e) {
            print("    trino: breakdown unavailable (%s)%n", e.getMessage());
        }
    }

    /**
     * The raw points of {@code [from, until)} (the values {@link #rawInsert} writes) as the gateway
     * publishes them: PointBatch records of 100 series and 10 minutes each, keyed by metric.
     */
    private static long publishRecent(long from, long until) throws Exception {
        long points = 0;
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(
                Map.of("bootstrap.servers", STACK.kafkaBootstrapServers(), "linger.ms", 20,
                        "key.serializer", ByteArraySerializer.class,
                        "value.serializer", ByteArraySerializer.class))) {
            byte[] key = "bench.cpu".getBytes(StandardCharsets.UTF_8);
            for (long slice = from; slice < until; slice += 600) {
                for (int first = 1; first <= SERIES; first += 100) {
                    PointBatch.Builder batch = io.metrics.lakehouse.core.wire.v1.PointBatch
                            .newBuilder().setBatchId(UUID.randomUUID().toString()).setMetric("bench.cpu")
                            .setMetricType(MetricType.GAUGE).setSource("bench")
                            .setIngestedAtMillis(System.currentTimeMillis());
                    for (int s = first; s < first + 100 && s <= SERIES; s++) {
                        Map<String, String> tags = Map.of("host", "host-" + s, "region", "region-" + s % 4);
                        SeriesPoints.Builder series = io.metrics.lakehouse.core.wire.v1.SeriesPoints
                                .newBuilder().setSeriesId(SeriesId.of("bench.cpu", tags)).putAllTags(tags);
                        for (long e = slice; e < Math.min(slice + 600, until); e += 10) {
                            series.addSamples(Sample.newBuilder().setTimestampMillis(e * 1000)
                                    .setValue(50 + 40 * Math.sin(e / 600.0 + s)));
                            points++;
                        }
                        batch.addSeries(series);
                    }
                    producer.send(new ProducerRecord<>(StackEndpoints.POINTS_TOPIC, key,
                            batch.build().toByteArray()));
                }
            }
            producer.flush();
        }
        return points;
    }

    /** Raw points of every series at {@code from + h * 3600 + k * step} for h < hours, k < perHour, before {@code until}. */
    private static String rawInsert(String series, long from, int hours, int perHour, int step, long until) {
        return "INSERT INTO raw_points (metric, metric_type, series_id, ts, value, ingested_at, source, batch_id)"
                + " SELECT 'bench.cpu', 'gauge', series_id, CAST(from_unixtime(e) AS timestamp(6) with time zone),"
                + " 50 + 40 * sin(e / 600e0 + s), current_timestamp, 'bench', 'bench' FROM (SELECT x.*, " + from
                + " + h * 3600 + k * " + step + " AS e FROM (" + series + ") x CROSS JOIN UNNEST(sequence(0, " + (hours - 1)
                + ")) AS hh(h) CROSS JOIN UNNEST(sequence(0, " + (perHour - 1) + ")) AS kk(k)) WHERE e < " + until;
    }

    /**
     * One loading statement. Trino writes an Iceberg table with a sort order through a sorting writer
     * per open partition, each with its own sort buffer: the minute and hour loads, which write 8 or 24
     * partitions at once, exceeded the local Trino's 512 MB per query at 1,000 series, so they write
     * unsorted ({@code sorted_writing_enabled = false}, the rows come out of the generator grouped by
     * series anyway). Raw (one day partition per statement) stays sorted as Spark writes it.
     */
    private static void load(StackData data, boolean sorted, String sql) throws java.sql.SQLException {
        try (java.sql.Connection c = data.connect(); java.sql.Statement s = c.createStatement()) {
            if (!sorted) {
                s.execute("SET SESSION " + STACK.icebergCatalogName() + ".sorted_writing_enabled = false");
            }
            s.execute(sql);
        }
    }

    private static double percentile(List<Long> sorted, double q) {
        int index = (int) Math.ceil(q * sorted.size()) - 1;
        return sorted.get(Math.max(0, index)) / 1e6;
    }

    private int get(String path) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + APP.getLocalPort()
                + path)).timeout(Duration.ofMinutes(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            System.out.println("  " + response.statusCode() + " " + response.body());
        }
        return response.statusCode();
    }

    /** A UTC timestamp without zone: what {@code sequence} takes ({@code with_timezone} makes it a timestamptz). */
    private static String ts(Instant instant) {
        return "TIMESTAMP '" + instant.toString().replace('T', ' ').replace("Z", "") + "'";
    }

    private void print(String format, Object... args) throws java.io.IOException {
        String line = String.format(format, args);
        System.out.print(line);
        java.nio.file.Files.writeString(RESULTS, line, java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.APPEND);
    }
}
