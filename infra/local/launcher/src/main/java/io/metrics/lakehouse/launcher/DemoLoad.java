package io.metrics.lakehouse.launcher;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code --demo-load}: a few simulated services pushing realistic metrics to the gateway's
 * {@code POST /v1/ingest} every 10 seconds, so that a new user has live series to query and chart
 * right away. Three services on two or three hosts each; per host and tick:
 *
 * <ul>
 *   <li>{@code demo.http.requests_total} (counter, tag {@code status} 2xx/5xx): a running total
 *       growing by a traffic rate with a daily wave and noise;</li>
 *   <li>{@code demo.http.latency_ms} (gauge, tag {@code quantile} 0.5/0.99): a per-service base
 *       latency with noise, the p99 a multiple of the p50 with occasional spikes;</li>
 *   <li>{@code demo.http.error_rate} (gauge, 0..1): 5xx over all requests of the tick;</li>
 *   <li>{@code demo.cpu.utilization} (gauge, percent): follows the traffic.</li>
 * </ul>
 *
 * Every series has the tags {@code service}, {@code host} and {@code env=demo}. A tick that the
 * gateway refuses or cannot take is logged and skipped: the next one brings current values.
 */
final class DemoLoad implements LaunchedProcess {

    private static final Logger LOG = LoggerFactory.getLogger(DemoLoad.class);
    static final Duration INTERVAL = Duration.ofSeconds(10);
    static final String REQUESTS = "demo.http.requests_total";
    static final String LATENCY = "demo.http.latency_ms";
    static final String ERROR_RATE = "demo.http.error_rate";
    static final String CPU = "demo.cpu.utilization";

    /** A simulated service: its hosts, its traffic per host and second, its typical latency. */
    record Service(String name, int hosts, double requestsPerSecond, double latencyMs, double errorRatio) {
    }

    static final List<Service> SERVICES = List.of(
            new Service("checkout", 3, 120, 85, 0.004),
            new Service("search", 2, 300, 40, 0.001),
            new Service("payments", 2, 45, 180, 0.01));

    /** Per host: the counters' running totals. */
    private static final class Host {
        final Service service;
        final String name;
        double ok;
        double errors;

        Host(Service service, String name) {
            this.service = service;
            this.name = name;
        }
    }

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI ingest;
    private final Clock clock;
    private final Random random;
    private final List<Host> hosts = new ArrayList<>();
    private ScheduledExecutorService schedule;

    DemoLoad(URI gateway, Clock clock, long seed) {
        this.ingest = gateway.resolve("/v1/ingest");
        this.clock = clock;
        this.random = new Random(seed);
        for (Service service : SERVICES) {
            for (int h = 1; h <= service.hosts(); h++) {
                hosts.add(new Host(service, String.format("%s-%02d", service.name(), h)));
            }
        }
    }

    /** Starts pushing to the gateway at {@code http://127.0.0.1:<port>} every {@link #INTERVAL}. */
    static DemoLoad start(int gatewayPort) {
        DemoLoad load = new DemoLoad(URI.create("http://127.0.0.1:" + gatewayPort), Clock.systemUTC(),
                System.nanoTime());
        load.schedule = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "demo-load");
            thread.setDaemon(true);
            return thread;
        });
        load.schedule.scheduleAtFixedRate(() -> {
            try {
                load.tick();
            } catch (IOException | RuntimeException e) {
                LOG.warn("demo load: this tick's points were not sent ({})", e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, 0, INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
        return load;
    }

    /** One round: advances every simulated host by one interval and pushes one request per metric. */
    void tick() throws IOException, InterruptedException {
        long now = clock.millis();
        double seconds = INTERVAL.toSeconds();
        // A daily wave: traffic peaks mid-day (UTC) at 1.5x and bottoms out at night at 0.5x.
        double wave = 1 + 0.5 * Math.sin(2 * Math.PI * ((now / 1000.0 / 86400.0) % 1.0 - 0.25));
        ArrayNode requests = json.createArrayNode();
        ArrayNode latency = json.createArrayNode();
        ArrayNode errorRate = json.createArrayNode();
        ArrayNode cpu = json.createArrayNode();
        for (Host host : hosts) {
            Service s = host.service;
            double total = Math.max(0, s.requestsPerSecond() * wave * seconds * (1 + 0.1 * random.nextGaussian()));
            double errorShare = Math.min(1, Math.max(0, s.errorRatio() * (1 + random.nextGaussian())
                    + (random.nextInt(60) == 0 ? 0.05 : 0))); // a rare burst of errors
            double failed = Math.floor(total * errorShare);
            host.ok += Math.floor(total) - failed;
            host.errors += failed;
            double p50 = s.latencyMs() * (0.9 + 0.2 * random.nextDouble()) * (0.8 + 0.2 * wave);
            double p99 = p50 * (2.5 + random.nextDouble()) * (random.nextInt(30) == 0 ? 4 : 1);
            requests.add(point(now, host.ok, host, "status", "2xx"));
            requests.add(point(now, host.errors, host, "status", "5xx"));
            latency.add(point(now, round(p50), host, "quantile", "0.5"));
            latency.add(point(now, round(p99), host, "quantile", "0.99"));
            errorRate.add(point(now, total == 0 ? 0 : round(failed / Math.floor(total)), host, null, null));
            cpu.add(point(now, round(Math.min(100, 8 + 35 * wave * (0.9 + 0.2 * random.nextDouble()))), host,
                    null, null));
        }
        send(REQUESTS, "counter", requests);
        send(LATENCY, "gauge", latency);
        send(ERROR_RATE, "gauge", errorRate);
        send(CPU, "gauge", cpu);
    }

    private ObjectNode point(long millis, double value, Host host, String tag, String tagValue) {
        ObjectNode point = json.createObjectNode().put("timestamp", millis).put("value", value);
        ObjectNode tags = point.putObject("tags").put("service", host.service.name()).put("host", host.name)
                .put("env", "demo");
        if (tag != null) {
            tags.put(tag, tagValue);
        }
        return point;
    }

    private void send(String metric, String type, ArrayNode points) throws IOException, InterruptedException {
        ObjectNode body = json.createObjectNode().put("metric", metric).put("type", type);
        body.set("points", points);
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(ingest)
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body)))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("the gateway answered " + response.statusCode() + " for " + metric + ": "
                    + response.body());
        }
    }

    private static double round(double value) {
        return Math.round(value * 1000) / 1000.0;
    }

    @Override
    public String describe() {
        return String.format("  demo load        %d simulated hosts of %d services -> %s every %d s (metrics demo.*)",
                hosts.size(), SERVICES.size(), ingest, INTERVAL.toSeconds());
    }

    @Override
    public void close() {
        if (schedule != null) {
            schedule.shutdownNow();
        }
    }
}
