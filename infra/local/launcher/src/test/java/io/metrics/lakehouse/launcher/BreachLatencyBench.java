package io.metrics.lakehouse.launcher;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.ToLongFunction;

/**
 * Breach-to-delivery latency of the whole product (bench/breach-latency.sh): starts it with the
 * launcher as {@link AlertingThroughIngestionIT} does, creates {@code last(value) > 100} (for_seconds 0,
 * severity critical, webhook channel to a receiver in this JVM), then N times pushes one breaching point
 * through the gateway, waits for the page, pushes one normal point and waits for the resolve. {@code last}
 * clears as soon as the normal point is in, so a long window (tolerating a slow pipeline) does not
 * lengthen the rounds; the resolve still waits the route's group_interval (1 min) after its page.
 *
 * <p>Per breach: total = 2xx of the push -> page received; split into ingest (2xx -> the point is in
 * Trino's raw_points, polled every 250 ms), evaluate (-> the evaluation that fired: the page's startsAt)
 * and dispatch (-> received). Options: {@code --n=10 --interval=5 --window=120 --speed-layer-trigger=5s}
 * (launcher default when left out).
 */
public final class BreachLatencyBench {

    private static final String METRIC = "bench.breach.value";
    private static final String RULE = "bench breach";

    record Sample(Instant pushed, Instant visible, Instant evaluated, Instant delivered, Instant resolved) {}

    public static void main(String[] argv) throws Exception {
        Map<String, String> options = new HashMap<>(Map.of("n", "10", "interval", "5", "window", "120"));
        for (String arg : argv) {
            if (!arg.startsWith("--") || !arg.contains("=")) {
                throw new IllegalArgumentException("options are --name=value: " + arg);
            }
            options.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
        }
        int n = Integer.parseInt(options.get("n"));
        Path dataDir = Path.of("target/breach-bench-data").toAbsolutePath();
        LaunchedProduct.deleteRecursively(dataDir);
        LaunchedProduct.Ports ports = LaunchedProduct.Ports.free();
        try (WebhookReceiver receiver = new WebhookReceiver()) {
            List<String> extra = new ArrayList<>(List.of("--no-batch-schedule", "--alert-webhook-url", receiver.url()));
            if (options.containsKey("speed-layer-trigger")) {
                extra.addAll(List.of("--speed-layer-trigger", options.get("speed-layer-trigger")));
            }
            System.out.println("Starting the product (" + String.join(" ", extra) + ") ...");
            long startBegin = System.nanoTime();
            LaunchedProduct product = LaunchedProduct.launch(ports, LaunchedProduct.args(dataDir, ports,
                    extra.toArray(String[]::new)), dataDir.resolveSibling("breach-bench.out"));
            System.out.printf("Ready in %.0f s; speed layer: %s%n", (System.nanoTime() - startBegin) / 1e9,
                    product.output().stream().filter(l -> l.contains("trigger")).findFirst().orElse("?").trim());
            ScheduledExecutorService background = Executors.newScheduledThreadPool(2);
            try (Connection trino = DriverManager.getConnection(product.trinoJdbcUrl(), "bench", null);
                 Statement s = trino.createStatement()) {
                HttpResponse<String> created = LaunchedProduct.postJson(ports.query(), "/v1/alert-rules",
                        LaunchedProduct.JSON.writeValueAsString(Map.of("metric", METRIC, "name", RULE,
                                "expression", "last(value) > 100", "window_seconds", Integer.parseInt(options.get("window")),
                                "for_seconds", 0, "interval_seconds", Integer.parseInt(options.get("interval")),
                                "severity", "critical", "channels", List.of("webhook"), "no_data", "keep")));
                if (created.statusCode() != 201) {
                    throw new IllegalStateException("rule not created: " + created.body());
                }
                AtomicReference<Throwable> failure = new AtomicReference<>();
                product.ingest(METRIC, System.currentTimeMillis(), 10, "h1");
                // The breaching points Trino sees, and when their count last grew.
                AtomicLong breachesVisible = new AtomicLong();
                AtomicReference<Instant> lastGrowth = new AtomicReference<>();
                background.scheduleWithFixedDelay(() -> {
                    try (ResultSet rs = s.executeQuery("SELECT count(*) FROM iceberg.metrics.raw_points"
                            + " WHERE metric = '" + METRIC + "' AND value > 100")) {
                        rs.next();
                        long count = rs.getLong(1);
                        Instant now = Instant.now();
                        if (count > breachesVisible.get()) {
                            lastGrowth.set(now);
                            breachesVisible.set(count);
                        }
                    } catch (Exception e) {
                        failure.compareAndSet(null, e);
                    }
                }, 0, 250, TimeUnit.MILLISECONDS);
                try (Statement warm = trino.createStatement()) {
                    // The speed layer's first batches are slow: the first breach must not measure them.
                    Instant begin = Instant.now();
                    LaunchedProduct.awaitRows(warm, "SELECT 1 FROM iceberg.metrics.raw_points WHERE metric = '" + METRIC
                            + "'", 600);
                    System.out.printf("First point in Trino after %d ms (speed layer warming up)%n", ms(begin, Instant.now()));
                }
                List<Sample> samples = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    product.ingest(METRIC, System.currentTimeMillis(), 500 + i, "h1");
                    Instant pushed = Instant.now();
                    int breach = i;
                    WebhookReceiver.Delivery page = receiver.await(d -> "firing".equals(d.status())
                            && d.receivedAt().isAfter(pushed), Duration.ofMinutes(10), "page of breach " + breach);
                    while (breachesVisible.get() < i) {
                        Thread.sleep(100);
                    }
                    Instant visible = lastGrowth.get();
                    Instant evaluated = Instant.parse(page.body().get("alerts").get(0).get("startsAt").asText());
                    product.ingest(METRIC, System.currentTimeMillis(), 10, "h1");
                    WebhookReceiver.Delivery resolve = receiver.await(d -> "resolved".equals(d.status())
                            && d.receivedAt().isAfter(page.receivedAt()), Duration.ofMinutes(10), "resolve of breach " + breach);
                    Sample sample = new Sample(pushed, visible, evaluated, page.receivedAt(), resolve.receivedAt());
                    samples.add(sample);
                    System.out.printf("breach %2d: total %6d ms = to the evaluation that fired %6d + dispatch %5d;"
                                    + " in Trino after %6d; resolve received %6d ms after the page%n", i,
                            ms(pushed, page.receivedAt()), ms(pushed, evaluated), ms(evaluated, page.receivedAt()),
                            ms(pushed, visible), ms(page.receivedAt(), resolve.receivedAt()));
                    if (failure.get() != null) {
                        throw new IllegalStateException("feeding or polling failed", failure.get());
                    }
                }
                long pages = receiver.deliveries().stream().filter(d -> "firing".equals(d.status())).count();
                System.out.println();
                System.out.printf("N = %d breaches, %d pages received (one per breach expected)%n", n, pages);
                System.out.println("                     p50 ms   p99 ms   max ms");
                report("breach -> delivery", samples, x -> ms(x.pushed(), x.delivered()));
                report("  push -> evaluated", samples, x -> ms(x.pushed(), x.evaluated()));
                report("  evaluated -> recv", samples, x -> ms(x.evaluated(), x.delivered()));
                // Not on the path when query-service's recent window (fed by the topic) answers the rule.
                report("push -> in Trino", samples, x -> ms(x.pushed(), x.visible()));
                System.out.println();
                JsonNode metrics = LaunchedProduct.getJson(ports.queryAdmin(), "/metrics");
                JsonNode lag = metrics.path("histograms").path("alerting.evaluator.lag_ms");
                JsonNode cycle = metrics.path("timers").path("alerting.evaluator.cycle");
                double toMs = "milliseconds".equals(cycle.path("duration_units").asText()) ? 1 : 1000;
                System.out.printf("Evaluator (last 5 min): lag after due p50 %.0f ms, p99 %.0f ms;"
                                + " cycle p50 %.0f ms, p99 %.0f ms%n", lag.path("p50").asDouble(), lag.path("p99").asDouble(),
                        cycle.path("p50").asDouble() * toMs, cycle.path("p99").asDouble() * toMs);
            } finally {
                background.shutdownNow();
                product.stop();
            }
        }
    }

    private static long ms(Instant from, Instant to) {
        return Duration.between(from, to).toMillis();
    }

    /** Nearest-rank percentiles. */
    private static void report(String name, List<Sample> samples, ToLongFunction<Sample> value) {
        long[] sorted = samples.stream().mapToLong(value).sorted().toArray();
        System.out.printf("%-20s %7d  %7d  %7d%n", name, rank(sorted, 50), rank(sorted, 99), sorted[sorted.length - 1]);
    }

    private static long rank(long[] sorted, int percentile) {
        int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, index)];
    }
}
