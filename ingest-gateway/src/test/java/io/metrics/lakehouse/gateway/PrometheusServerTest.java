package io.metrics.lakehouse.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.net.httpserver.HttpServer;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.metrics.lakehouse.core.wire.v1.MetricType;
import io.metrics.lakehouse.core.wire.v1.PointBatch;
import io.metrics.lakehouse.core.wire.v1.Sample;
import io.metrics.lakehouse.core.wire.v1.SeriesPoints;
import io.metrics.lakehouse.gateway.testing.Topics;
import io.metrics.lakehouse.local.LocalStackExtension;
import io.metrics.lakehouse.local.StackEndpoints;
import io.metrics.lakehouse.service.testing.TestHttp;
import java.io.File;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A real Prometheus server (Debian's {@code prometheus} 2.42, remote_write 1.0) scrapes a tiny
 * local target and remote-writes to the gateway; the scraped values arrive in Kafka exactly.
 * Skipped, saying so, when no {@code prometheus} binary is installed ({@code apt-get install
 * prometheus}; or name one with {@code PROMETHEUS_BIN}). Everything listens on 127.0.0.1.
 */
@ExtendWith({LocalStackExtension.class, DropwizardExtensionsSupport.class})
class PrometheusServerTest {

    static final StackEndpoints STACK = LocalStackExtension.endpoints();

    static final DropwizardAppExtension<IngestGatewayConfiguration> APP = new DropwizardAppExtension<>(
            IngestGatewayApplication.class, "config/local.yml",
            ConfigOverride.randomPorts(),
            ConfigOverride.config("kafka.bootstrapServers", STACK.kafkaBootstrapServers()),
            ConfigOverride.config("database.url", STACK.jdbcUrl(StackEndpoints.CONTROL_PLANE_DATABASE)),
            ConfigOverride.config("database.user", STACK.postgresUser()),
            ConfigOverride.config("database.password", STACK.postgresPassword()));

    private final Topics topics = new Topics(STACK.kafkaBootstrapServers());

    static Optional<Path> prometheusBinary() {
        String configured = System.getenv("PROMETHEUS_BIN");
        if (configured != null && !configured.isBlank()) {
            return Optional.of(Path.of(configured)).filter(Files::isExecutable);
        }
        return Optional.of(Path.of("/usr/bin/prometheus")).filter(Files::isExecutable);
    }

    @Test
    void aRealPrometheusScrapesATargetAndRemoteWritesItsSamplesToKafka() throws Exception {
        Optional<Path> binary = prometheusBinary();
        assumeTrue(binary.isPresent(), "SKIPPED: no prometheus binary (apt-get install -y prometheus, or set "
                + "PROMETHEUS_BIN): the real-Prometheus remote_write test did not run");

        String id = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        String counter = "rw_it_" + id + "_requests_total";
        String gauge = "rw_it_" + id + "_temperature_celsius";
        String job = "rw-it-" + id;
        String exposition = """
                # HELP %1$s Requests served.
                # TYPE %1$s counter
                %1$s{code="200",method="get"} 1027
                %1$s{code="500",method="get"} 3
                # HELP %2$s Room temperature.
                # TYPE %2$s gauge
                %2$s{room="lab"} 21.5
                """.formatted(counter, gauge);

        HttpServer target = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        target.createContext("/metrics", exchange -> {
            byte[] body = exposition.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        target.start();
        int targetPort = target.getAddress().getPort();
        int prometheusPort = TestHttp.closedPort();
        Path dir = Files.createDirectories(Path.of("target", "prometheus-" + id).toAbsolutePath());
        Path config = dir.resolve("prometheus.yml");
        Files.writeString(config, """
                global:
                  scrape_interval: 1s
                  evaluation_interval: 1s
                scrape_configs:
                  - job_name: %s
                    static_configs:
                      - targets: ['127.0.0.1:%d']
                remote_write:
                  - url: http://127.0.0.1:%d/api/v1/write
                    queue_config:
                      batch_send_deadline: 1s
                      min_backoff: 100ms
                      max_backoff: 1s
                    metadata_config:
                      send_interval: 2s
                """.formatted(job, targetPort, APP.getLocalPort()));
        long started = System.currentTimeMillis();
        Process prometheus = new ProcessBuilder(binary.get().toString(),
                "--config.file=" + config,
                "--storage.tsdb.path=" + dir.resolve("data"),
                "--web.listen-address=127.0.0.1:" + prometheusPort,
                "--log.level=warn")
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("prometheus.log").toFile())
                .start();
        try {
            PointBatch counters = awaitBatch(counter, job, prometheus, dir);
            long now = System.currentTimeMillis();
            assertEquals(MetricType.COUNTER, counters.getMetricType());
            assertEquals("prometheus-remote-write", counters.getSource());
            SeriesPoints ok = seriesWith(counters, "code", "200");
            assertEquals(Map.of("code", "200", "method", "get", "job", job, "instance", "127.0.0.1:" + targetPort),
                    ok.getTagsMap());
            assertSamples(ok, 1027, started, now);
            assertSamples(seriesWith(counters, "code", "500"), 3, started, now);

            PointBatch gauges = awaitBatch(gauge, job, prometheus, dir);
            assertEquals(MetricType.GAUGE, gauges.getMetricType());
            SeriesPoints lab = seriesWith(gauges, "room", "lab");
            assertSamples(lab, 21.5, started, now);

            // Prometheus' own synthetic series of the scrape: up == 1.
            PointBatch up = awaitBatch("up", job, prometheus, dir);
            assertSamples(seriesWith(up, "job", job), 1, started, System.currentTimeMillis());

            // And Prometheus counted no failed sample (every answer was a 2xx).
            String metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + prometheusPort + "/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
            List<String> failed = metrics.lines()
                    .filter(line -> line.startsWith("prometheus_remote_storage_samples_failed_total{"))
                    .toList();
            assertEquals(1, failed.size(), metrics);
            assertTrue(failed.get(0).endsWith(" 0"), failed.get(0));
        } finally {
            prometheus.destroy();
            if (!prometheus.waitFor(20, TimeUnit.SECONDS)) {
                prometheus.destroyForcibly();
            }
            target.stop(0);
        }
    }

    /** The first batch of {@code metric} that holds a series of {@code job} (Prometheus sends every second). */
    private PointBatch awaitBatch(String metric, String job, Process prometheus, Path dir) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            if (!prometheus.isAlive()) {
                fail("prometheus exited with " + prometheus.exitValue() + ": " + Files.readString(dir.resolve("prometheus.log")));
            }
            for (PointBatch batch : topics.points(StackEndpoints.POINTS_TOPIC, metric, 0)) {
                if (batch.getSeriesList().stream().anyMatch(s -> job.equals(s.getTagsMap().get("job")))) {
                    return batch;
                }
            }
            Thread.sleep(500);
        }
        return fail("no batch of " + metric + " for job " + job + " within 60 s; prometheus log: "
                + Files.readString(new File(dir.toFile(), "prometheus.log").toPath()));
    }

    private static SeriesPoints seriesWith(PointBatch batch, String tag, String value) {
        return batch.getSeriesList().stream().filter(s -> value.equals(s.getTagsMap().get(tag))).findFirst()
                .orElseThrow(() -> new AssertionError("no series with " + tag + "=" + value + " in " + batch));
    }

    private static void assertSamples(SeriesPoints series, double value, long from, long to) {
        assertTrue(series.getSamplesCount() >= 1);
        for (Sample sample : series.getSamplesList()) {
            assertEquals(value, sample.getValue(), series.toString());
            assertTrue(sample.getTimestampMillis() >= from - 1000 && sample.getTimestampMillis() <= to,
                    sample + " outside [" + from + ", " + to + "]");
        }
    }
}
