package io.metrics.lakehouse.gateway.bench;

import io.metrics.lakehouse.gateway.prompb.Remote.WriteRequest;
import io.metrics.lakehouse.gateway.prompb.Types.Label;
import io.metrics.lakehouse.gateway.prompb.Types.Sample;
import io.metrics.lakehouse.gateway.prompb.Types.TimeSeries;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;
import org.xerial.snappy.Snappy;

/**
 * Load generator for a running gateway (bench/run.sh). Drives {@code /v1/ingest} and/or
 * {@code /api/v1/write} with realistic batches: {@code hosts} x {@code metrics} series with
 * region/service/env tags, gauges as noisy random walks and counters as increasing totals (values
 * with the entropy of real data, not constants), millisecond timestamps. Bounded by
 * {@code --seconds} and {@code --max-requests}; only loopback targets. Prints acknowledged points/s
 * (points of 2xx answers) and request latency p50/p99/max (HdrHistogram), per endpoint.
 *
 * <p>Request bodies are generated before the clock starts (a pool per endpoint, cycled), so the
 * generator's CPU goes to sending, not to building JSON; every /v1/ingest request carries a unique
 * Idempotency-Key. Remote_write bodies of the pool repeat, so their derived batch ids repeat too
 * (what a retrying Prometheus does); the gateway does the full work for each.
 */
public final class LoadGenerator {

    private static final String[] REGIONS = {"us-east-1", "us-west-2", "eu-west-1", "ap-south-1"};
    private static final String[] SERVICES = {"checkout", "cart", "search", "auth", "payments", "catalog"};

    record Options(String url, List<String> endpoints, int seconds, long maxRequests, int concurrency, int hosts,
            int metrics, int pointsPerRequest, int pool, Map<String, Long> cpuPids) {
    }

    public static void main(String[] args) throws Exception {
        Options options = parse(args);
        URI base = URI.create(options.url());
        if (!InetAddress.getByName(base.getHost()).isLoopbackAddress()) {
            throw new IllegalArgumentException("the benchmark only targets loopback addresses, not " + base.getHost());
        }
        System.out.printf("target %s, endpoints %s, %d s (max %d requests) each, concurrency %d, %d hosts x %d metrics, "
                        + "%d points/request, %d cores%n", base, options.endpoints(), options.seconds(),
                options.maxRequests(), options.concurrency(), options.hosts(), options.metrics(),
                options.pointsPerRequest(), Runtime.getRuntime().availableProcessors());
        for (String endpoint : options.endpoints()) {
            List<byte[]> bodies = "ingest".equals(endpoint) ? jsonBodies(options) : remoteWriteBodies(options);
            run(endpoint, base, bodies, options);
        }
    }

    // ---- request bodies ----

    /** Series state: a random walk for gauges, a running total for counters. */
    static final class Series {
        final Map<String, String> tags;
        final boolean counter;
        double value;
        final double scale;

        Series(Map<String, String> tags, boolean counter, Random random) {
            this.tags = tags;
            this.counter = counter;
            this.scale = Math.pow(10, random.nextInt(5)) * (0.5 + random.nextDouble());
            this.value = counter ? random.nextInt(1_000_000) : scale * random.nextDouble();
        }

        double next(Random random) {
            if (counter) {
                value += Math.floor(random.nextDouble() * scale);
            } else {
                value = Math.max(0, value + random.nextGaussian() * scale * 0.05);
            }
            return value;
        }
    }

    static String metricName(int m) {
        return "bench.metric_" + String.format("%03d", m) + (m % 4 == 0 ? "_total" : "");
    }

    static Map<String, String> tags(int host) {
        Map<String, String> tags = new TreeMap<>();
        tags.put("host", String.format("host-%04d", host));
        tags.put("region", REGIONS[host % REGIONS.length]);
        tags.put("service", SERVICES[host % SERVICES.length]);
        tags.put("env", host % 10 == 0 ? "staging" : "prod");
        return tags;
    }

    /** /v1/ingest takes one metric per request: pointsPerRequest points of one metric across hosts. */
    static List<byte[]> jsonBodies(Options o) {
        Random random = new Random(42);
        Series[][] series = new Series[o.metrics()][o.hosts()];
        List<byte[]> bodies = new ArrayList<>(o.pool());
        long now = System.currentTimeMillis();
        for (int i = 0; i < o.pool(); i++) {
            int m = i % o.metrics();
            StringBuilder json = new StringBuilder(o.pointsPerRequest() * 120);
            json.append("{\"metric\":\"").append(metricName(m)).append("\",\"type\":\"")
                    .append(m % 4 == 0 ? "counter" : "gauge").append("\",\"points\":[");
            for (int p = 0; p < o.pointsPerRequest(); p++) {
                int h = p % o.hosts();
                Series s = series[m][h] != null ? series[m][h]
                        : (series[m][h] = new Series(tags(h), m % 4 == 0, random));
                long ts = now - 60_000 + (i * 997L + p * 13L) % 60_000;
                json.append(p == 0 ? "" : ",").append("{\"timestamp\":").append(ts).append(",\"value\":")
                        .append(s.next(random)).append(",\"tags\":{");
                boolean first = true;
                for (var tag : s.tags.entrySet()) {
                    json.append(first ? "" : ",").append('"').append(tag.getKey()).append("\":\"")
                            .append(tag.getValue()).append('"');
                    first = false;
                }
                json.append("}}");
            }
            bodies.add(json.append("]}").toString().getBytes(StandardCharsets.UTF_8));
        }
        return bodies;
    }

    /** remote_write: like Prometheus' shards, pointsPerRequest samples over many series of many metrics. */
    static List<byte[]> remoteWriteBodies(Options o) throws IOException {
        Random random = new Random(7);
        Map<Integer, Series> state = new ConcurrentHashMap<>();
        List<byte[]> bodies = new ArrayList<>(o.pool());
        long now = System.currentTimeMillis();
        int seriesTotal = o.hosts() * o.metrics();
        int cursor = 0;
        for (int i = 0; i < o.pool(); i++) {
            WriteRequest.Builder request = WriteRequest.newBuilder();
            for (int p = 0; p < o.pointsPerRequest(); p++) {
                int id = cursor++ % seriesTotal;
                int m = id % o.metrics();
                int h = id / o.metrics();
                Series s = state.computeIfAbsent(id, k -> new Series(tags(h), m % 4 == 0, random));
                TimeSeries.Builder ts = TimeSeries.newBuilder()
                        .addLabels(Label.newBuilder().setName("__name__").setValue(metricName(m).replace('.', '_')));
                s.tags.forEach((k, v) -> ts.addLabels(Label.newBuilder().setName(k).setValue(v)));
                ts.addLabels(Label.newBuilder().setName("job").setValue("bench"));
                ts.addSamples(Sample.newBuilder().setTimestamp(now - 60_000 + (i * 997L + p) % 60_000)
                        .setValue(s.next(random)));
                request.addTimeseries(ts);
            }
            bodies.add(Snappy.compress(request.build().toByteArray()));
        }
        return bodies;
    }

    // ---- the run ----

    static void run(String endpoint, URI base, List<byte[]> bodies, Options o) throws Exception {
        boolean ingest = "ingest".equals(endpoint);
        URI uri = base.resolve(ingest ? "/v1/ingest" : "/api/v1/write");
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                .version(HttpClient.Version.HTTP_1_1).build();
        Recorder latency = new Recorder(3);
        LongAdder acknowledgedPoints = new LongAdder();
        Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();
        AtomicLong issued = new AtomicLong();
        String runId = Long.toString(System.nanoTime(), 36);

        // Warm-up: registry rows, series admission and JIT, not measured.
        for (int i = 0; i < Math.min(bodies.size(), 2 * o.metrics()); i++) {
            send(client, uri, bodies.get(i), ingest, "warm-" + runId + "-" + i);
        }

        Map<String, Double> cpuBefore = cpuSeconds(o.cpuPids());
        long start = System.nanoTime();
        long end = start + o.seconds() * 1_000_000_000L;
        CountDownLatch done = new CountDownLatch(o.concurrency());
        for (int t = 0; t < o.concurrency(); t++) {
            Thread thread = new Thread(() -> {
                try {
                    long n;
                    while (System.nanoTime() < end && (n = issued.getAndIncrement()) < o.maxRequests()) {
                        byte[] body = bodies.get((int) (n % bodies.size()));
                        long t0 = System.nanoTime();
                        int status;
                        try {
                            status = send(client, uri, body, ingest, runId + "-" + n);
                        } catch (IOException e) {
                            status = -1;
                        }
                        latency.recordValue(System.nanoTime() - t0);
                        statuses.computeIfAbsent(status, s -> new LongAdder()).increment();
                        if (status / 100 == 2) {
                            acknowledgedPoints.add(o.pointsPerRequest());
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    done.countDown();
                }
            }, "load-" + t);
            thread.start();
        }
        done.await();
        double seconds = (System.nanoTime() - start) / 1e9;
        Map<String, Double> cpuAfter = cpuSeconds(o.cpuPids());
        Histogram h = latency.getIntervalHistogram();
        System.out.printf("%-13s requests %d in %.1f s, statuses %s%n", endpoint, h.getTotalCount(), seconds,
                new TreeMap<>(statuses));
        System.out.printf("%-13s acknowledged points/s %,.0f   latency ms p50 %.1f  p99 %.1f  max %.1f%n", endpoint,
                acknowledgedPoints.sum() / seconds, h.getValueAtPercentile(50) / 1e6,
                h.getValueAtPercentile(99) / 1e6, h.getMaxValue() / 1e6);
        StringBuilder cpu = new StringBuilder();
        cpuAfter.forEach((name, after) -> cpu.append(String.format("  %s %.2f", name, (after - cpuBefore.get(name)) / seconds)));
        double points = acknowledgedPoints.sum();
        Double gateway = cpuAfter.get("gateway");
        System.out.printf("%-13s CPU cores during the run:%s%s%n", endpoint, cpu,
                gateway == null || points == 0 ? "" : String.format("   gateway CPU per point %.2f us",
                        (gateway - cpuBefore.get("gateway")) * 1e6 / points));
    }

    /**
     * CPU seconds used so far by this generator and by the processes named in --cpu-pids
     * (name:pid,...; Linux /proc), to show where the machine's cores went during the run.
     */
    static Map<String, Double> cpuSeconds(Map<String, Long> pids) {
        Map<String, Double> cpu = new java.util.LinkedHashMap<>();
        pids.forEach((name, pid) -> {
            try {
                String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/" + pid + "/stat"));
                String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                // utime and stime (fields 14 and 15 of stat) in clock ticks, 100 per second on Linux.
                cpu.put(name, (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) / 100.0);
            } catch (IOException | RuntimeException e) {
                throw new IllegalArgumentException("cannot read the CPU time of " + name + " (pid " + pid + ")", e);
            }
        });
        cpu.put("generator", ((com.sun.management.OperatingSystemMXBean)
                java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime() / 1e9);
        return cpu;
    }

    static int send(HttpClient client, URI uri, byte[] body, boolean ingest, String key)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (ingest) {
            request.header("Content-Type", "application/json").header("Idempotency-Key", "bench-" + key);
        } else {
            request.header("Content-Type", "application/x-protobuf").header("Content-Encoding", "snappy")
                    .header("X-Prometheus-Remote-Write-Version", "0.1.0").header("User-Agent", "lakehouse-bench");
        }
        HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return response.statusCode();
    }

    static Options parse(String[] args) {
        Map<String, String> values = new TreeMap<>(Map.of(
                "url", "http://127.0.0.1:8081", "endpoints", "ingest,remote_write", "seconds", "30",
                "max-requests", "1000000", "concurrency", "8", "hosts", "200", "metrics", "100",
                "points", "2000", "pool", "400", "cpu-pids", ""));
        for (String arg : args) {
            if (!arg.startsWith("--") || !arg.contains("=")) {
                throw new IllegalArgumentException("options are --name=value, got " + arg + "; known: " + values.keySet());
            }
            String key = arg.substring(2, arg.indexOf('='));
            if (!values.containsKey(key)) {
                throw new IllegalArgumentException("unknown option --" + key + "; known: " + values.keySet());
            }
            values.put(key, arg.substring(arg.indexOf('=') + 1));
        }
        int seconds = Integer.parseInt(values.get("seconds"));
        if (seconds < 1 || seconds > 600) {
            throw new IllegalArgumentException("--seconds must be 1..600");
        }
        return new Options(values.get("url"), List.of(values.get("endpoints").split(",")), seconds,
                Long.parseLong(values.get("max-requests")), Integer.parseInt(values.get("concurrency")),
                Integer.parseInt(values.get("hosts")), Integer.parseInt(values.get("metrics")),
                Integer.parseInt(values.get("points")), Integer.parseInt(values.get("pool")),
                cpuPids(values.get("cpu-pids")));
    }

    static Map<String, Long> cpuPids(String text) {
        Map<String, Long> pids = new java.util.LinkedHashMap<>();
        for (String entry : text.split(",")) {
            if (!entry.isBlank()) {
                String[] parts = entry.split(":", 2);
                if (parts.length != 2) {
                    throw new IllegalArgumentException("--cpu-pids takes name:pid,..., got " + entry);
                }
                pids.put(parts[0], Long.parseLong(parts[1]));
            }
        }
        return pids;
    }

    private LoadGenerator() {
    }
}
