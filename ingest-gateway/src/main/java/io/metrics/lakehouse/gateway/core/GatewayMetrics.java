package io.metrics.lakehouse.gateway.core;

import com.codahale.metrics.Counter;
import com.codahale.metrics.Snapshot;
import com.codahale.metrics.Timer;
import io.metrics.lakehouse.gateway.api.PointError;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Quantiles;
import io.prometheus.metrics.model.snapshots.SummarySnapshot;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * The gateway's own instruments: Dropwizard Metrics {@link Counter}s and {@link Timer}s (like the
 * rest of the service), one per label set, exposed on the admin port's Prometheus endpoint as
 * labelled families (Dropwizard's names have no labels, and client_java's DropwizardExports
 * cannot put several Dropwizard metrics under one labelled family):
 *
 * <pre>
 * gateway_points_accepted_total{protocol}            points acknowledged by Kafka
 * gateway_points_rejected_total{protocol,reason}     points refused (the PointError reasons)
 * gateway_points_dropped_total{protocol,reason}      stale markers / "no recorded value" (not points)
 * gateway_requests_seconds{endpoint,status}          request latency (summary: quantiles, count)
 * gateway_kafka_produce_seconds                      first send -> last ack of a request's records
 * gateway_kafka_produce_errors_total                 requests whose records Kafka did not acknowledge
 * gateway_scrapes_total{job,outcome}                 scrapes by outcome (ok, fetch_error, parse_error, ingest_error)
 * </pre>
 *
 * Points are counted once per answered request: a request that ends in 503 counts nothing, its
 * retry does. Timer quantiles are Dropwizard's (exponentially decaying reservoir, ~last 5 minutes).
 */
public class GatewayMetrics implements MultiCollector {

    private static final double NANOS_PER_SECOND = 1e9;

    private final Map<Labels, Counter> accepted = new ConcurrentHashMap<>();
    private final Map<Labels, Counter> rejected = new ConcurrentHashMap<>();
    private final Map<Labels, Counter> dropped = new ConcurrentHashMap<>();
    private final Map<Labels, Counter> scrapes = new ConcurrentHashMap<>();
    private final Map<Labels, Timer> requests = new ConcurrentHashMap<>();
    private final Timer kafkaProduce = new Timer();
    private final Counter kafkaErrors = new Counter();

    /** What became of the points of one answered request. */
    public void points(String protocol, int acceptedPoints, List<PointError> errors) {
        if (acceptedPoints > 0) {
            counter(accepted, Labels.of("protocol", protocol)).inc(acceptedPoints);
        }
        for (PointError error : errors) {
            counter(rejected, Labels.of("protocol", protocol, "reason", error.reason())).inc();
        }
    }

    public void dropped(String protocol, String reason, int count) {
        if (count > 0) {
            counter(dropped, Labels.of("protocol", protocol, "reason", reason)).inc(count);
        }
    }

    /** One scrape of a target of {@code job} ended with {@code outcome}. */
    public void scrape(String job, String outcome) {
        counter(scrapes, Labels.of("job", job, "outcome", outcome)).inc();
    }

    public void request(String endpoint, int status, long nanos) {
        requests.computeIfAbsent(Labels.of("endpoint", endpoint, "status", Integer.toString(status)), l -> new Timer())
                .update(nanos, TimeUnit.NANOSECONDS);
    }

    public void kafkaProduce(long nanos, boolean failed) {
        kafkaProduce.update(nanos, TimeUnit.NANOSECONDS);
        if (failed) {
            kafkaErrors.inc();
        }
    }

    private static Counter counter(Map<Labels, Counter> family, Labels labels) {
        return family.computeIfAbsent(labels, l -> new Counter());
    }

    @Override
    public MetricSnapshots collect() {
        return MetricSnapshots.of(
                counters("gateway_points_accepted", "Points acknowledged by Kafka", accepted),
                counters("gateway_points_rejected", "Points rejected, by reason", rejected),
                counters("gateway_points_dropped", "Stale markers and points without value, dropped by design",
                        dropped),
                timers("gateway_requests_seconds", "Request latency per endpoint and status", requests),
                timers("gateway_kafka_produce_seconds", "From the first send to the last acknowledgement of a "
                        + "request's records", Map.of(Labels.EMPTY, kafkaProduce)),
                counters("gateway_kafka_produce_errors", "Requests whose records Kafka did not acknowledge",
                        Map.of(Labels.EMPTY, kafkaErrors)),
                counters("gateway_scrapes", "Scrapes by job and outcome", scrapes));
    }

    private static CounterSnapshot counters(String name, String help, Map<Labels, Counter> family) {
        CounterSnapshot.Builder snapshot = CounterSnapshot.builder().name(name).help(help);
        family.forEach((labels, counter) -> snapshot.dataPoint(CounterSnapshot.CounterDataPointSnapshot.builder()
                .labels(labels).value(counter.getCount()).build()));
        return snapshot.build();
    }

    private static SummarySnapshot timers(String name, String help, Map<Labels, Timer> family) {
        SummarySnapshot.Builder snapshot = SummarySnapshot.builder().name(name).help(help);
        family.forEach((labels, timer) -> {
            Snapshot values = timer.getSnapshot();
            snapshot.dataPoint(SummarySnapshot.SummaryDataPointSnapshot.builder()
                    .labels(labels)
                    .count(timer.getCount())
                    .quantiles(Quantiles.builder()
                            .quantile(0.5, values.getMedian() / NANOS_PER_SECOND)
                            .quantile(0.95, values.get95thPercentile() / NANOS_PER_SECOND)
                            .quantile(0.99, values.get99thPercentile() / NANOS_PER_SECOND)
                            .build())
                    .build());
        });
        return snapshot.build();
    }
}
