package io.metrics.lakehouse.query.recent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dropwizard.util.Duration;
import io.metrics.lakehouse.core.SeriesId;
import io.metrics.lakehouse.core.wire.v1.PointBatch;
import io.metrics.lakehouse.core.wire.v1.Sample;
import io.metrics.lakehouse.core.wire.v1.SeriesPoints;
import io.metrics.lakehouse.local.LocalStackExtension;
import io.metrics.lakehouse.local.StackEndpoints;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The consumer against the real broker: a window started after the records were published replays
 * them from the retention (by record time), skips what the speed layer also sets aside, and then
 * reports itself at the end of the topic.
 */
@ExtendWith(LocalStackExtension.class)
class PointsTopicConsumerTest {

    private static final StackEndpoints STACK = LocalStackExtension.endpoints();
    private static final String METRIC = "ptc.replay";
    private static final Map<String, String> TAGS = Map.of("host", "a");

    @Test
    void replaysTheRetentionByRecordTimeAndSkipsUnusableRecords() throws Exception {
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, STACK.kafkaBootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class))) {
            // Published 3 h ago (record time): before the replay's start (2 h + 10 min), not read, although
            // its point is stamped inside the window (a record the gateway's future-skew check rules out).
            send(producer, now.minus(3, ChronoUnit.HOURS), batch(now.minus(50, ChronoUnit.MINUTES), 1));
            send(producer, now.minus(1, ChronoUnit.HOURS), batch(now.minus(60, ChronoUnit.MINUTES), 2));
            send(producer, now, batch(now.minus(1, ChronoUnit.MINUTES), 3));
            send(producer, now, batch(now.minus(2, ChronoUnit.MINUTES), Double.POSITIVE_INFINITY));
            send(producer, now, "not a PointBatch".getBytes(StandardCharsets.UTF_8));
            send(producer, now, PointBatch.newBuilder().setBatchId("no-metric").build().toByteArray());
            producer.flush();
        }
        RecentWindowConfiguration config = new RecentWindowConfiguration();
        config.setBootstrapServers(STACK.kafkaBootstrapServers());
        config.setRetention(Duration.hours(2));
        RecentPoints points = new RecentPoints(java.time.Duration.ofHours(2), java.time.Duration.ofSeconds(5), 1_000_000,
                Clock.systemUTC());
        PointsTopicConsumer consumer = new PointsTopicConsumer(config, points, Clock.systemUTC());
        assertFalse(points.covers(now.minus(30, ChronoUnit.MINUTES)));
        consumer.start();
        try {
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (!points.covers(now.minus(110, ChronoUnit.MINUTES))) {
                assertTrue(System.nanoTime() < deadline, "the window did not reach the end of the topic within 60 s");
                Thread.sleep(100);
            }
            assertFalse(points.covers(now.minus(130, ChronoUnit.MINUTES)), "before the retention");
            SeriesBuffer series = points.series(METRIC).get(SeriesId.of(METRIC, TAGS));
            List<Double> values = new ArrayList<>();
            series.visit(0, Long.MAX_VALUE, (ts, value) -> values.add(value));
            assertEquals(List.of(2.0, 3.0), values);
            assertEquals(2, consumer.undecodableCount());
            assertTrue(consumer.recordCount() >= 5, "records read: " + consumer.recordCount());
        } finally {
            consumer.stop();
        }
    }

    private static byte[] batch(Instant ts, double value) {
        return PointBatch.newBuilder().setBatchId("b-" + ts + "-" + value).setMetric(METRIC)
                .addSeries(SeriesPoints.newBuilder().setSeriesId(SeriesId.of(METRIC, TAGS)).putAllTags(TAGS)
                        .addSamples(Sample.newBuilder().setTimestampMillis(ts.toEpochMilli()).setValue(value)))
                .build().toByteArray();
    }

    private static void send(KafkaProducer<byte[], byte[]> producer, Instant recordTime, byte[] value) throws Exception {
        producer.send(new ProducerRecord<>(StackEndpoints.POINTS_TOPIC, null, recordTime.toEpochMilli(),
                METRIC.getBytes(StandardCharsets.UTF_8), value)).get();
    }
}
