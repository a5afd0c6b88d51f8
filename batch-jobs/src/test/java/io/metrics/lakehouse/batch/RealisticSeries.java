package io.metrics.lakehouse.batch;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * Raw points of realistic series for the storage benchmark: hosts x 20 metrics, one point every 10 s,
 * with values that have the entropy exporters really produce (not random 15-digit doubles):
 *
 * <ul>
 *   <li>gauges: a slow random walk plus noise, rounded the way exporters report it (CPU percent with
 *       2 decimals, memory bytes in 4 KiB pages, latency seconds at millisecond resolution, temperature
 *       with 1 decimal, integer thread and connection counts, a sawtooth JVM heap);
 *   <li>counters: monotonic totals (requests, bytes, CPU seconds with 2 decimals, GC runs) that reset
 *       about once a week (a process restart);
 *   <li>bursty series: mostly zero with occasional spikes (errors) or bursts (queue depth, lag);
 *   <li>timestamps: on the 10 s grid at a per-target scrape offset (milliseconds), and for a third of
 *       the hosts (push agents) with a few milliseconds of jitter per point;
 *   <li>the columns the gateway adds, as production fills them: {@code ingested_at} = the batch's
 *       acknowledgement time (ms, 50-500 ms after the point), {@code source}, and {@code batch_id}: one
 *       Prometheus remote_write request per scrape interval carrying all hosts
 *       ({@code prometheus-remote-write-<xxh3 hex>/<metric>}), or one push-json request per host,
 *       metric and interval.
 * </ul>
 *
 * Deterministic: series {@code s} always produces the same points.
 */
final class RealisticSeries implements FlatMapFunction<Row, Row> {

    private static final long serialVersionUID = 1L;

    static final int METRICS_PER_HOST = 20;
    static final long STEP_MILLIS = 10_000L;

    /** The raw_points columns in table order. */
    static final StructType SCHEMA = new StructType()
            .add("metric", DataTypes.StringType, false)
            .add("metric_type", DataTypes.StringType, true)
            .add("series_id", DataTypes.LongType, false)
            .add("ts", DataTypes.TimestampType, false)
            .add("value", DataTypes.DoubleType, false)
            .add("ingested_at", DataTypes.TimestampType, true)
            .add("source", DataTypes.StringType, true)
            .add("batch_id", DataTypes.StringType, true);

    private static final String[] METRICS = {
        "system.cpu.usage.percent", "system.memory.used.bytes", "http.server.latency.seconds",
        "system.disk.used.percent", "system.load.avg.1m", "hw.temperature.celsius",
        "http.server.requests.total", "system.net.bytes.sent.total", "process.cpu.seconds.total",
        "jvm.gc.collections.total", "app.errors.count", "app.queue.depth",
        "system.disk.io.ops.total", "jvm.heap.used.bytes", "process.threads.count",
        "db.connections.active", "kafka.consumer.lag.records", "up",
        "http.server.errors.5xx.total", "http.server.response.size.bytes"};
    private static final String[] REGIONS = {"eu-west-1", "us-east-1", "us-west-2", "ap-south-1"};

    private final long startMillis;
    private final int points;

    /**
     * @param startMillis first grid instant (UTC, aligned to 10 s)
     * @param points      points per series
     */
    RealisticSeries(long startMillis, int points) {
        this.startMillis = startMillis;
        this.points = points;
    }

    static String metric(int kind) {
        return METRICS[kind];
    }

    /** Input: one row whose first column (long) is the series number s; host = s / 20, metric = s % 20. */
    @Override
    public Iterator<Row> call(Row seriesRow) {
        long s = seriesRow.getLong(0);
        int host = (int) (s / METRICS_PER_HOST);
        int kind = (int) (s % METRICS_PER_HOST);
        String metric = METRICS[kind];
        Random random = new Random(s * 7919L + 17);
        Random hostRandom = new Random(host * 104_729L + 3);

        Map<String, String> tags = new HashMap<>();
        tags.put("host", String.format("ip-10-%d-%d-%d.ec2.internal", host / 4096 % 256, host / 16 % 256, host % 16 * 13));
        tags.put("region", REGIONS[host % REGIONS.length]);
        tags.put("service", "svc-" + (host % 37));
        tags.put("env", host % 10 == 0 ? "staging" : "prod");
        long seriesId = seriesId(metric, tags);

        boolean pushed = host % 3 == 0;
        String source = pushed ? "push-json" : "prometheus-remote-write";
        String type = kind >= 6 && kind <= 9 || kind == 12 || kind == 18 ? "counter" : "gauge";
        long scrapeOffset = hostRandom.nextInt(10_000);
        Generator values = generator(kind, random);

        List<Row> rows = new ArrayList<>(points);
        for (int i = 0; i < points; i++) {
            long grid = startMillis + i * STEP_MILLIS;
            long ts = grid + scrapeOffset + (pushed ? random.nextInt(9) - 4 : 0);
            long ingested = grid + scrapeOffset + 50 + new Random(grid ^ host * 31L).nextInt(450);
            String batch = pushed
                    ? "push-json-" + hex(grid, host * 100L + kind)
                    : "prometheus-remote-write-" + hex(grid, -1) + "/" + metric;
            rows.add(RowFactory.create(metric, type, seriesId, new Timestamp(ts), values.next(),
                    new Timestamp(ingested), source, batch));
        }
        return rows.iterator();
    }

    /** The next value of a series. */
    private interface Generator {
        double next();
    }

    private static Generator generator(int kind, Random r) {
        switch (kind) {
            case 0: return walk(r, 5 + r.nextDouble() * 60, 0.3, 2.0, 0, 100, 0.01);
            case 1: return walk(r, (2 + r.nextInt(14)) * 1073741824.0, 2e6, 0, 0, 64 * 1073741824.0, 4096);
            case 2: return () -> round(Math.exp(Math.log(0.04) + 0.5 * r.nextGaussian()), 0.001);
            case 3: return walk(r, 20 + r.nextInt(60), 0.01, 0, 0, 100, 0.1);
            case 4: return walk(r, 0.5 + r.nextDouble() * 4, 0.05, 0.2, 0, 64, 0.01);
            case 5: return walk(r, 45 + r.nextInt(20), 0.1, 0.3, 20, 95, 0.1);
            case 6: return counter(r, 10 * (20 + r.nextInt(500)), 1);
            case 7: return counter(r, 10 * (100_000 + r.nextInt(5_000_000)), 1);
            case 8: return counter(r, 10 * (0.05 + r.nextDouble() * 1.5), 0.01);
            case 9: return counter(r, 0.3, 1);
            case 10: return () -> r.nextDouble() < 0.03 ? 1 + r.nextInt(r.nextDouble() < 0.2 ? 500 : 5) : 0;
            case 11: return burst(r, 0.01, 0.9, 5000);
            case 12: return counter(r, 10 * (10 + r.nextInt(2000)), 1);
            case 13: return sawtooth(r);
            case 14: return walk(r, 40 + r.nextInt(200), 0.5, 0, 1, 2000, 1);
            case 15: return walk(r, 10 + r.nextInt(90), 1, 0, 0, 500, 1);
            case 16: return burst(r, 0.02, 0.95, 100_000);
            case 17: return () -> r.nextDouble() < 0.0005 ? 0 : 1;
            case 18: return counter(r, 0.02, 1);
            default: return () -> round(Math.exp(Math.log(2000) + r.nextGaussian()), 1);
        }
    }

    /** Slow random walk (step sigma) inside [min, max] plus noise, rounded to the exporter's resolution. */
    private static Generator walk(Random r, double start, double step, double noise, double min, double max,
            double resolution) {
        double[] level = {start};
        return () -> {
            level[0] = Math.max(min, Math.min(max, level[0] + step * r.nextGaussian()));
            return round(Math.max(min, Math.min(max, level[0] + noise * r.nextGaussian())), resolution);
        };
    }

    /** Monotonic total growing by ~meanIncrease per step, reset to 0 about once a week (~60,000 steps). */
    private static Generator counter(Random r, double meanIncrease, double resolution) {
        double[] total = {r.nextInt(1_000_000) * resolution};
        return () -> {
            if (r.nextDouble() < 1.0 / 60_000) {
                total[0] = 0;
            }
            total[0] += round(meanIncrease * -Math.log(1 - r.nextDouble()), resolution);
            return round(total[0], resolution);
        };
    }

    /** Zero most of the time; a burst starts with probability p and continues with probability keep. */
    private static Generator burst(Random r, double p, double keep, int peak) {
        boolean[] on = {false};
        return () -> {
            on[0] = on[0] ? r.nextDouble() < keep : r.nextDouble() < p;
            return on[0] ? 1 + r.nextInt(peak) : 0;
        };
    }

    /** A JVM heap: grows by allocations, drops at each collection; bytes. */
    private static Generator sawtooth(Random r) {
        double floor = (100 + r.nextInt(400)) * 1048576.0;
        double[] used = {floor};
        return () -> {
            used[0] += (1 + r.nextInt(40)) * 1048576.0 + r.nextInt(1 << 20);
            if (used[0] > floor * 4) {
                used[0] = floor + r.nextInt(1 << 24);
            }
            return Math.floor(used[0]);
        };
    }

    private static double round(double value, double resolution) {
        // Decimal rounding the way exporters print: 43.27 is the double nearest to "43.27".
        return resolution >= 1 ? Math.round(value / resolution) * resolution
                : Double.parseDouble(String.format("%." + decimals(resolution) + "f", value));
    }

    private static int decimals(double resolution) {
        return (int) Math.round(-Math.log10(resolution));
    }

    private static long seriesId(String metric, Map<String, String> tags) {
        StringBuilder canonical = new StringBuilder(metric);
        tags.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> canonical.append(',').append(e.getKey()).append('=').append(e.getValue()));
        return UUID.nameUUIDFromBytes(canonical.toString().getBytes(StandardCharsets.UTF_8)).getMostSignificantBits();
    }

    /** 32 hex digits standing in for the XXH3-128 of a request body. */
    private static String hex(long a, long b) {
        UUID id = UUID.nameUUIDFromBytes((a + ":" + b).getBytes(StandardCharsets.UTF_8));
        return String.format("%016x%016x", id.getMostSignificantBits(), id.getLeastSignificantBits());
    }
}
