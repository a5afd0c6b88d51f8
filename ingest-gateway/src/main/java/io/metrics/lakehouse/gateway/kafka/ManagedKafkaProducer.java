package io.metrics.lakehouse.gateway.kafka;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import io.dropwizard.lifecycle.Managed;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's one Kafka producer (thread-safe, shared by all request threads), tied to the
 * application's lifecycle: created when the server starts, flushed and closed when it stops, so
 * records accepted before a shutdown are still delivered (bounded by {@code kafka.closeTimeout}).
 *
 * <p>A few of the producer's own metrics are mirrored into the Dropwizard registry (and so into
 * the Prometheus endpoint) under {@code kafka.producer.*}.
 */
public class ManagedKafkaProducer implements Managed {

    private static final Logger LOG = LoggerFactory.getLogger(ManagedKafkaProducer.class);

    static final String METRIC_PREFIX = "kafka.producer";

    /** Dropwizard gauge name (below {@link #METRIC_PREFIX}) -> Kafka producer metric name. */
    private static final Map<String, String> MIRRORED_METRICS = Map.of(
            "records.sent", "record-send-total",
            "records.failed", "record-error-total",
            "records.retried", "record-retry-total",
            "request.latency.avg.ms", "request-latency-avg",
            "buffer.available.bytes", "buffer-available-bytes");

    private final KafkaConfiguration configuration;
    private final MetricRegistry metrics;
    private volatile KafkaProducer<byte[], byte[]> producer;

    public ManagedKafkaProducer(KafkaConfiguration configuration, MetricRegistry metrics) {
        this.configuration = configuration;
        this.metrics = metrics;
    }

    @Override
    public void start() {
        producer = new KafkaProducer<>(configuration.producerProperties());
        MIRRORED_METRICS.forEach((gaugeName, kafkaName) ->
                metrics.register(MetricRegistry.name(METRIC_PREFIX, gaugeName), new ProducerMetricGauge(kafkaName)));
        LOG.info("Kafka producer started: bootstrap.servers={}, topic={}, acks={}, idempotence={}",
                configuration.getBootstrapServers(), configuration.getTopic(),
                configuration.getProducer().getAcks(), configuration.getProducer().isEnableIdempotence());
    }

    @Override
    public void stop() {
        metrics.removeMatching((name, metric) -> name.startsWith(METRIC_PREFIX + "."));
        KafkaProducer<byte[], byte[]> current = producer;
        producer = null;
        if (current != null) {
            Duration timeout = Duration.ofMillis(configuration.getCloseTimeout().toMilliseconds());
            LOG.info("Closing Kafka producer (flushing unsent records, up to {})", timeout);
            current.close(timeout);
        }
    }

    /** The running producer; only valid between {@link #start()} and {@link #stop()}. */
    public Producer<byte[], byte[]> producer() {
        KafkaProducer<byte[], byte[]> current = producer;
        if (current == null) {
            throw new IllegalStateException("the Kafka producer is not running");
        }
        return current;
    }

    /** A Dropwizard gauge that reads one of the producer's own metrics (NaN while stopped). */
    private final class ProducerMetricGauge implements Gauge<Double> {
        private final String kafkaMetricName;

        ProducerMetricGauge(String kafkaMetricName) {
            this.kafkaMetricName = kafkaMetricName;
        }

        @Override
        public Double getValue() {
            return value(kafkaMetricName);
        }
    }

    private double value(String kafkaMetricName) {
        KafkaProducer<byte[], byte[]> current = producer;
        if (current == null) {
            return Double.NaN;
        }
        for (Map.Entry<MetricName, ? extends Metric> entry : current.metrics().entrySet()) {
            MetricName name = entry.getKey();
            if ("producer-metrics".equals(name.group()) && kafkaMetricName.equals(name.name())) {
                Object value = entry.getValue().metricValue();
                return value instanceof Number number ? number.doubleValue() : Double.NaN;
            }
        }
        return Double.NaN;
    }
}
