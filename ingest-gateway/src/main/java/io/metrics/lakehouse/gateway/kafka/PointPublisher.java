package io.metrics.lakehouse.gateway.kafka;

import io.metrics.lakehouse.gateway.core.GatewayException;
import io.metrics.lakehouse.gateway.core.GatewayMetrics;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends a request's records (points and dead letters) with the managed producer and returns only
 * once Kafka acknowledged every one of them (acks=all). Any failure or a wait beyond
 * {@code ingest.ackTimeout} is a 503 with Retry-After: the request was not acknowledged, the client
 * sends it again, and the unchanged batch ids let downstream drop whatever did reach Kafka.
 */
public class PointPublisher {

    private static final Logger LOG = LoggerFactory.getLogger(PointPublisher.class);

    /** One record to send: topic, key (the metric name) and the encoded batch. */
    public record Outgoing(String topic, String metric, byte[] value) {
    }

    private final ManagedKafkaProducer producer;
    private final long ackTimeoutMillis;
    private final long retryAfterSeconds;
    private final GatewayMetrics metrics;

    public PointPublisher(ManagedKafkaProducer producer, long ackTimeoutMillis, long retryAfterSeconds,
            GatewayMetrics metrics) {
        this.producer = producer;
        this.ackTimeoutMillis = ackTimeoutMillis;
        this.retryAfterSeconds = retryAfterSeconds;
        this.metrics = metrics;
    }

    public void publishAll(List<Outgoing> records) {
        if (records.isEmpty()) {
            return;
        }
        long start = System.nanoTime();
        long deadline = start + TimeUnit.MILLISECONDS.toNanos(ackTimeoutMillis);
        List<Future<RecordMetadata>> acks = new ArrayList<>(records.size());
        boolean failed = true;
        try {
            Producer<byte[], byte[]> kafka = producer.producer();
            // All sends first, then all waits: the records of one request travel in the same batches.
            for (Outgoing record : records) {
                acks.add(kafka.send(new ProducerRecord<>(record.topic(),
                        record.metric().getBytes(StandardCharsets.UTF_8), record.value())));
            }
            for (Future<RecordMetadata> ack : acks) {
                ack.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
            failed = false;
        } catch (TimeoutException e) {
            throw unavailable("Kafka did not acknowledge the points within " + ackTimeoutMillis + " ms", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            throw unavailable("Kafka did not acknowledge the points: " + cause.getClass().getSimpleName()
                    + (cause.getMessage() == null ? "" : ": " + cause.getMessage()), cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable("interrupted while waiting for Kafka", e);
        } catch (RuntimeException e) {
            // send() itself may throw (producer closed, buffer full beyond max.block.ms).
            throw unavailable("Kafka is unavailable: " + e.getClass().getSimpleName() + ": " + e.getMessage(), e);
        } finally {
            metrics.kafkaProduce(System.nanoTime() - start, failed);
        }
    }

    private GatewayException unavailable(String message, Throwable cause) {
        LOG.warn("{}; answering 503", message);
        return GatewayException.unavailable(message + "; nothing was acknowledged, retry the request",
                retryAfterSeconds, cause);
    }
}
