package io.metrics.lakehouse.gateway.scrape;

import io.dropwizard.lifecycle.Managed;
import io.metrics.lakehouse.gateway.core.GatewayMetrics;
import io.metrics.lakehouse.gateway.core.IngestPipeline;
import io.metrics.lakehouse.gateway.core.MetricOutcome;
import io.metrics.lakehouse.gateway.core.MetricWrite;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.GZIPInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pull path: scrapes every discovered target at its interval and sends the samples down the
 * shared {@link IngestPipeline} (source {@value #SOURCE}), with three series per scrape as Prometheus
 * records them: {@code up} (1 when the target answered with a valid exposition), {@code
 * scrape_duration_seconds} and {@code scrape_samples_scraped}, labelled with the target's labels.
 *
 * <p>Targets are reconciled every {@code refreshInterval}: new ones start, removed ones stop. Each
 * target's scrapes are spread over its interval by a stable offset (from its URL), so that many
 * targets with the same interval do not all fire at once.
 *
 * <p>A scrape whose points Kafka does not acknowledge is lost (and counted as {@code ingest_error}):
 * nothing was acknowledged to anyone, and the next scrape brings the current values.
 */
public final class Scraper implements Managed {

    public static final String SOURCE = "scrape";
    private static final Logger LOG = LoggerFactory.getLogger(Scraper.class);
    private static final String ACCEPT = "application/openmetrics-text;version=1.0.0;q=0.9,"
            + "text/plain;version=0.0.4;q=0.5,*/*;q=0.1";

    private final ScrapeConfiguration config;
    private final TargetDiscovery discovery;
    private final IngestPipeline pipeline;
    private final GatewayMetrics metrics;
    private final Clock clock;
    private final HttpClient http;
    private final Map<String, ScheduledFuture<?>> running = new ConcurrentHashMap<>();
    private ScheduledExecutorService executor;

    public Scraper(ScrapeConfiguration config, TargetDiscovery discovery, IngestPipeline pipeline,
            GatewayMetrics metrics, Clock clock) {
        this.config = config;
        this.discovery = discovery;
        this.pipeline = pipeline;
        this.metrics = metrics;
        this.clock = clock;
        this.http = HttpClient.newBuilder()
                .connectTimeout(java.time.Duration.ofMillis(config.getDefaultTimeout().toMilliseconds()))
                .followRedirects(HttpClient.Redirect.NORMAL)
                .build();
    }

    @Override
    public void start() {
        if (config.getJobs().isEmpty()) {
            return;
        }
        AtomicInteger threadNumber = new AtomicInteger();
        executor = Executors.newScheduledThreadPool(config.getThreads(), runnable -> {
            Thread thread = new Thread(runnable, "scraper-" + threadNumber.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(this::reconcile, 0, config.getRefreshInterval().toMilliseconds(),
                TimeUnit.MILLISECONDS);
    }

    @Override
    public void stop() {
        if (executor != null) {
            executor.shutdownNow();
        }
    }

    /** The keys of the targets being scraped now (for the status and tests). */
    public Set<String> activeTargets() {
        return Set.copyOf(running.keySet());
    }

    private void reconcile() {
        try {
            List<ScrapeTarget> targets = discovery.targets();
            Set<String> wanted = new HashSet<>();
            for (ScrapeTarget target : targets) {
                wanted.add(target.key());
                running.computeIfAbsent(target.key(), key -> {
                    long interval = target.interval().toMillis();
                    long offset = Math.floorMod(target.url().hashCode(), interval);
                    LOG.info("scraping {} every {} ms (job {})", target.url(), interval, target.job());
                    return executor.scheduleAtFixedRate(() -> scrape(target), offset, interval, TimeUnit.MILLISECONDS);
                });
            }
            for (String key : new ArrayList<>(running.keySet())) {
                if (!wanted.contains(key)) {
                    LOG.info("target {} gone: no longer scraped", key);
                    running.remove(key).cancel(false);
                }
            }
        } catch (RuntimeException e) {
            LOG.error("reconciling scrape targets failed", e); // next refresh tries again
        }
    }

    /** One scrape; never throws (a thrown exception would cancel the target's schedule). */
    void scrape(ScrapeTarget target) {
        long start = clock.millis();
        long began = System.nanoTime();
        List<MetricWrite> writes = new ArrayList<>();
        int samples = 0;
        String outcome = "ok";
        try {
            Fetched fetched = fetch(target);
            List<ScrapedSample> parsed = ExpositionParser.forContentType(fetched.contentType()).parse(fetched.body());
            SampleMapper.Mapped mapped = SampleMapper.map(parsed, target, start);
            metrics.dropped(SOURCE, "created_sample", mapped.createdDropped());
            metrics.dropped(SOURCE, "non_finite", mapped.nonFiniteDropped());
            writes.addAll(mapped.writes());
            samples = parsed.size();
        } catch (ExpositionFormatException e) {
            outcome = "parse_error";
            LOG.warn("scrape of {} failed: invalid exposition, {}", target.url(), e.getMessage());
        } catch (IOException | RuntimeException e) {
            outcome = "fetch_error";
            LOG.warn("scrape of {} failed: {}", target.url(), e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        double seconds = (System.nanoTime() - began) / 1e9;
        writes.add(SampleMapper.synthetic("up", outcome.equals("ok") ? 1 : 0, target, start));
        writes.add(SampleMapper.synthetic("scrape_duration_seconds", seconds, target, start));
        writes.add(SampleMapper.synthetic("scrape_samples_scraped", samples, target, start));
        try {
            List<MetricOutcome> outcomes = pipeline.ingest(writes, SOURCE);
            for (MetricOutcome result : outcomes) {
                metrics.points(SOURCE, result.accepted(), result.errors());
            }
        } catch (RuntimeException e) { // GatewayException: Kafka or PostgreSQL unavailable
            outcome = "ingest_error";
            LOG.warn("points of the scrape of {} not stored: {}", target.url(), e.getMessage());
        }
        metrics.scrape(target.job(), outcome);
    }

    private record Fetched(String contentType, String body) {
    }

    private Fetched fetch(ScrapeTarget target) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(target.url())
                .timeout(target.timeout())
                .header("Accept", ACCEPT)
                .header("Accept-Encoding", "gzip")
                .header("X-Prometheus-Scrape-Timeout-Seconds", Double.toString(target.timeout().toMillis() / 1000.0))
                .GET()
                .build();
        HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream raw = response.body()) {
            if (response.statusCode() != 200) {
                throw new IOException("HTTP " + response.statusCode());
            }
            boolean gzip = response.headers().firstValue("Content-Encoding").map("gzip"::equalsIgnoreCase).orElse(false);
            InputStream in = gzip ? new GZIPInputStream(raw) : raw;
            byte[] body = readAtMost(in, (int) Math.min(Integer.MAX_VALUE - 8, config.getMaxBodySize().toBytes()));
            return new Fetched(response.headers().firstValue("Content-Type").orElse(""),
                    new String(body, StandardCharsets.UTF_8));
        }
    }

    private static byte[] readAtMost(InputStream in, int limit) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[64 * 1024];
        int n;
        while ((n = in.read(buffer)) > 0) {
            if (out.size() + n > limit) {
                throw new IOException("exposition larger than scrape.maxBodySize (" + limit + " bytes)");
            }
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }
}
