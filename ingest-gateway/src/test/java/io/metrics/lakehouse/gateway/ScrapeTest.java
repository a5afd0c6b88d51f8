package io.metrics.lakehouse.gateway;

import static io.metrics.lakehouse.service.testing.TestHttp.get;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.metrics.lakehouse.core.wire.v1.MetricType;
import io.metrics.lakehouse.core.wire.v1.PointBatch;
import io.metrics.lakehouse.core.wire.v1.Sample;
import io.metrics.lakehouse.core.wire.v1.SeriesPoints;
import io.metrics.lakehouse.gateway.testing.Topics;
import io.metrics.lakehouse.local.FreePorts;
import io.metrics.lakehouse.local.LocalStackExtension;
import io.metrics.lakehouse.local.StackEndpoints;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The pull path on the real stack: a static target and a file_sd target (local HTTP servers serving the
 * Prometheus text format and OpenMetrics) are scraped into Kafka through the same pipeline as pushes,
 * with the target's labels, the exposition's types, and the up / duration / sample-count series.
 */
@ExtendWith({LocalStackExtension.class, DropwizardExtensionsSupport.class})
class ScrapeTest {

    private static final StackEndpoints STACK = LocalStackExtension.endpoints();

    /** A sample's own timestamp: a minute ago, inside the accepted window, to the millisecond. */
    private static final long OWN_TIMESTAMP = System.currentTimeMillis() - 60_123;

    private static final String TEXT_FORMAT = """
            # HELP scrapetest_requests_total Requests served.
            # TYPE scrapetest_requests_total counter
            scrapetest_requests_total{method="get",code="200"} 1027
            scrapetest_requests_total{method="post",code="500"} 3
            # TYPE scrapetest_temperature_celsius gauge
            scrapetest_temperature_celsius{room="a \\"quoted\\" \\\\ name",job="exposed"} 21.5
            # TYPE scrapetest_rpc_seconds summary
            scrapetest_rpc_seconds{quantile="0.5"} 0.05
            scrapetest_rpc_seconds{quantile="0.99"} NaN
            scrapetest_rpc_seconds_sum 17.5
            scrapetest_rpc_seconds_count 350
            scrapetest_untyped_total 8 %d
            """.formatted(ScrapeTest.OWN_TIMESTAMP);

    private static final String OPEN_METRICS = """
            # TYPE scrapetest_jobs counter
            # HELP scrapetest_jobs Jobs run.
            scrapetest_jobs_total{queue="a"} 42.0 # {trace_id="abc"} 1.0 1700000000.5
            scrapetest_jobs_created{queue="a"} 1700000000.0
            # TYPE scrapetest_latency histogram
            scrapetest_latency_bucket{le="0.1"} 5
            scrapetest_latency_bucket{le="+Inf"} 9
            scrapetest_latency_count 9
            scrapetest_latency_sum 2.5
            # EOF
            """;

    private static final AtomicInteger OPEN_METRICS_SCRAPES = new AtomicInteger();
    private static final HttpServer TEXT_TARGET = server("/metrics", "text/plain; version=0.0.4", TEXT_FORMAT, null);
    private static final HttpServer OM_TARGET = server("/custom/path",
            "application/openmetrics-text; version=1.0.0; charset=utf-8", OPEN_METRICS, OPEN_METRICS_SCRAPES);
    private static final Path FILE_SD = fileSd();

    static final DropwizardAppExtension<IngestGatewayConfiguration> APP = new DropwizardAppExtension<>(
            IngestGatewayApplication.class, "config/local.yml",
            ConfigOverride.randomPorts(),
            ConfigOverride.config("kafka.bootstrapServers", STACK.kafkaBootstrapServers()),
            ConfigOverride.config("database.url", STACK.jdbcUrl(StackEndpoints.CONTROL_PLANE_DATABASE)),
            ConfigOverride.config("database.user", STACK.postgresUser()),
            ConfigOverride.config("database.password", STACK.postgresPassword()),
            ConfigOverride.config("scrape.refreshInterval", "200ms"),
            ConfigOverride.config("scrape.defaultInterval", "1s"),
            ConfigOverride.config("scrape.jobs[0].name", "static-job"),
            ConfigOverride.config("scrape.jobs[0].metricsPath", "/metrics"),
            ConfigOverride.config("scrape.jobs[0].staticTargets", "127.0.0.1:" + TEXT_TARGET.getAddress().getPort()),
            ConfigOverride.config("scrape.jobs[1].name", "file-job"),
            ConfigOverride.config("scrape.jobs[1].fileSd", FILE_SD.toString()));

    @AfterAll
    static void stopTargets() {
        TEXT_TARGET.stop(0);
        OM_TARGET.stop(0);
    }

    @Test
    void staticTargetSamplesArriveInKafkaWithTargetLabelsAndTypes() throws Exception {
        Topics topics = new Topics(STACK.kafkaBootstrapServers());
        String instance = "127.0.0.1:" + TEXT_TARGET.getAddress().getPort();

        PointBatch requests = topics.points(StackEndpoints.POINTS_TOPIC, "scrapetest_requests_total", 1).get(0);
        assertEquals(MetricType.COUNTER, requests.getMetricType());
        assertEquals("scrape", requests.getSource());
        assertEquals(new TreeSet<>(List.of(
                        "{code=200, instance=" + instance + ", job=static-job, method=get}=1027.0",
                        "{code=500, instance=" + instance + ", job=static-job, method=post}=3.0")),
                seriesValues(requests));

        // A label named like a target label is kept as exported_<name>; escapes are decoded.
        PointBatch temperature = topics.points(StackEndpoints.POINTS_TOPIC, "scrapetest_temperature_celsius", 1).get(0);
        assertEquals(MetricType.GAUGE, temperature.getMetricType());
        assertEquals(new TreeSet<>(List.of("{exported_job=exposed, instance=" + instance
                + ", job=static-job, room=a \"quoted\" \\ name}=21.5")), seriesValues(temperature));

        // Summary: quantiles are gauges (the NaN "no observation" quantile is dropped), _sum/_count counters.
        PointBatch quantiles = topics.points(StackEndpoints.POINTS_TOPIC, "scrapetest_rpc_seconds", 1).get(0);
        assertEquals(MetricType.GAUGE, quantiles.getMetricType());
        assertEquals(new TreeSet<>(List.of("{instance=" + instance + ", job=static-job, quantile=0.5}=0.05")),
                seriesValues(quantiles));
        assertEquals(MetricType.COUNTER, topics.points(StackEndpoints.POINTS_TOPIC, "scrapetest_rpc_seconds_count", 1)
                .get(0).getMetricType());

        // The sample's own timestamp (milliseconds in the text format) is kept.
        Sample untyped = topics.points(StackEndpoints.POINTS_TOPIC, "scrapetest_untyped_total", 1).get(0)
                .getSeries(0).getSamples(0);
        assertEquals(OWN_TIMESTAMP, untyped.getTimestampMillis());

        // One up / scrape_samples_scraped point per scrape, labelled with the target.
        SeriesPoints up = seriesOf(topics.points(StackEndpoints.POINTS_TOPIC, "up", 1), "static-job");
        assertEquals(Map.of("job", "static-job", "instance", instance), up.getTagsMap());
        assertEquals(1.0, up.getSamples(0).getValue());
        SeriesPoints scraped = seriesOf(topics.points(StackEndpoints.POINTS_TOPIC, "scrape_samples_scraped", 1),
                "static-job");
        assertEquals(8.0, scraped.getSamples(0).getValue()); // every sample line, dropped ones included

        String metrics = get(APP.getAdminPort(), "/metrics/prometheus").body();
        assertTrue(metrics.contains("gateway_scrapes_total{job=\"static-job\",outcome=\"ok\"}"), metrics);
        assertTrue(metrics.contains("gateway_points_dropped_total{protocol=\"scrape\",reason=\"non_finite\"}"), metrics);
    }

    @Test
    void fileSdTargetsAreScrapedAndFollowChangesToTheFile() throws Exception {
        Topics topics = new Topics(STACK.kafkaBootstrapServers());
        String omInstance = "127.0.0.1:" + OM_TARGET.getAddress().getPort();

        PointBatch jobs = topics.points(StackEndpoints.POINTS_TOPIC, "scrapetest_jobs_total", 1).get(0);
        assertEquals(MetricType.COUNTER, jobs.getMetricType());
        assertEquals(new TreeSet<>(List.of("{instance=" + omInstance + ", job=file-job, queue=a, team=storage}=42.0")),
                seriesValues(jobs));
        assertEquals(0, topics.count(StackEndpoints.POINTS_TOPIC, "scrapetest_jobs_created"), "_created is dropped");
        PointBatch buckets = topics.points(StackEndpoints.POINTS_TOPIC, "scrapetest_latency_bucket", 1).get(0);
        assertEquals(MetricType.COUNTER, buckets.getMetricType());
        assertEquals(new TreeSet<>(List.of(
                        "{instance=" + omInstance + ", job=file-job, le=+Inf, team=storage}=9.0",
                        "{instance=" + omInstance + ", job=file-job, le=0.1, team=storage}=5.0")),
                seriesValues(buckets));

        // The file now names a port where nothing listens: the old target stops, the new one is up 0.
        int deadPort = FreePorts.next();
        Files.writeString(FILE_SD.resolveSibling("next.json"), "[{\"targets\": [\"127.0.0.1:" + deadPort
                + "\"], \"labels\": {\"team\": \"storage\"}}]");
        Files.move(FILE_SD.resolveSibling("next.json"), FILE_SD, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        String deadInstance = "127.0.0.1:" + deadPort;
        long deadline = System.currentTimeMillis() + 20_000;
        SeriesPoints down = null;
        while (down == null && System.currentTimeMillis() < deadline) {
            down = topics.points(StackEndpoints.POINTS_TOPIC, "up", 1).stream()
                    .flatMap(b -> b.getSeriesList().stream())
                    .filter(s -> deadInstance.equals(s.getTagsMap().get("instance")))
                    .findFirst().orElse(null);
        }
        assertTrue(down != null, "an up series for the new target");
        assertEquals(Map.of("job", "file-job", "instance", deadInstance, "team", "storage"), down.getTagsMap());
        assertEquals(0.0, down.getSamples(0).getValue());
        assertTrue(APP.<IngestGatewayApplication>getApplication().scraper().activeTargets().stream()
                .noneMatch(key -> key.contains(omInstance)), "the removed target is no longer scraped");
        int scrapes = OPEN_METRICS_SCRAPES.get();
        Thread.sleep(2_500);
        assertEquals(scrapes, OPEN_METRICS_SCRAPES.get(), "no scrape of the removed target");
    }

    private static SeriesPoints seriesOf(List<PointBatch> batches, String job) {
        return batches.stream().flatMap(b -> b.getSeriesList().stream())
                .filter(s -> job.equals(s.getTagsMap().get("job"))).findFirst().orElseThrow();
    }

    /** "{sorted tags}=value" of the first sample of each series. */
    private static TreeSet<String> seriesValues(PointBatch batch) {
        TreeSet<String> values = new TreeSet<>();
        for (SeriesPoints series : batch.getSeriesList()) {
            values.add(new TreeMap<>(series.getTagsMap()) + "=" + series.getSamples(0).getValue());
        }
        return values;
    }

    private static HttpServer server(String path, String contentType, String body, AtomicInteger hits) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext(path, exchange -> {
                if (hits != null) {
                    hits.incrementAndGet();
                }
                byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", contentType);
                exchange.sendResponseHeaders(200, bytes.length);
                exchange.getResponseBody().write(bytes);
                exchange.close();
            });
            server.start();
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path fileSd() {
        try {
            Path dir = Files.createTempDirectory("file-sd");
            Path file = dir.resolve("targets.json");
            Files.writeString(file, "[{\"targets\": [\"127.0.0.1:" + OM_TARGET.getAddress().getPort() + "\"],"
                    + " \"labels\": {\"team\": \"storage\", \"__metrics_path__\": \"/custom/path\"}}]");
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
