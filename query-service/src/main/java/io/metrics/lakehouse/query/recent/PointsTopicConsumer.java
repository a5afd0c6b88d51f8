package io.metrics.lakehouse.query.recent;

import com.google.protobuf.InvalidProtocolBufferException;
import io.dropwizard.lifecycle.Managed;
import io.metrics.lakehouse.core.PointRecords;
import io.metrics.lakehouse.core.wire.v1.PointBatch;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndTimestamp;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fills {@link RecentPoints} from the points topic. Every replica reads every partition (assigned, no
 * consumer group, no committed offsets): at start it replays from {@code retention + maxFutureSkew}
 * ago by record time, since a point stamped inside the retention was published at most
 * {@code maxFutureSkew} before its timestamp (the gateway refuses points further in the future).
 *
 * <p>It decodes records through {@link PointRecords}, as the speed layer does (series id recomputed from
 * metric and tags; samples with a non-finite value skipped), skips batches without a metric as the speed
 * layer sets them aside, and tells the window when it last stood at the end of the topic: it notes the
 * end offsets at an instant, and once its position reaches them, every point acknowledged before that
 * instant is in.
 */
public final class PointsTopicConsumer implements Managed, Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(PointsTopicConsumer.class);
    private static final Duration POLL = Duration.ofMillis(200);
    private static final long SYNC_INTERVAL_MS = 500;
    private static final long EVICT_INTERVAL_MS = 10_000;
    private static final Duration RETRY = Duration.ofSeconds(1);

    private final RecentWindowConfiguration config;
    private final RecentPoints points;
    private final Clock clock;
    private final Supplier<Consumer<byte[], byte[]>> consumers;
    private final AtomicLong records = new AtomicLong();
    private final AtomicLong undecodable = new AtomicLong();
    private volatile boolean running;
    private volatile Consumer<byte[], byte[]> consumer;
    // Instants come from clock.instant(): Clock.millis() of a tick clock finer than a millisecond divides by zero (JDK 17).
    private Thread thread;

    public PointsTopicConsumer(RecentWindowConfiguration config, RecentPoints points, Clock clock) {
        this(config, points, clock, () -> new KafkaConsumer<>(consumerProperties(config)));
    }

    PointsTopicConsumer(RecentWindowConfiguration config, RecentPoints points, Clock clock,
            Supplier<Consumer<byte[], byte[]>> consumers) {
        this.config = config;
        this.points = points;
        this.clock = clock;
        this.consumers = consumers;
    }

    static Map<String, Object> consumerProperties(RecentWindowConfiguration config) {
        Map<String, Object> properties = new HashMap<>(config.getClientProperties());
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, config.getBootstrapServers());
        properties.put(ConsumerConfig.CLIENT_ID_CONFIG, "query-service-recent-window");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        // Only the gateway creates the topic (with its partitions and replication).
        properties.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return properties;
    }

    @Override
    public void start() {
        running = true;
        thread = new Thread(this, "recent-window-consumer");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void stop() throws InterruptedException {
        running = false;
        Consumer<byte[], byte[]> current = consumer;
        if (current != null) {
            current.wakeup();
        }
        if (thread != null) {
            thread.join(10_000);
        }
    }

    @Override
    public void run() {
        while (running) {
            try (Consumer<byte[], byte[]> c = consumers.get()) {
                consumer = c;
                consume(c);
            } catch (WakeupException e) {
                // stop()
            } catch (RuntimeException e) {
                LOG.warn("Recent window: reading {} failed; starting over in {}", config.getTopic(), RETRY, e);
                sleep(RETRY);
            } finally {
                consumer = null;
            }
        }
    }

    private void consume(Consumer<byte[], byte[]> c) {
        List<TopicPartition> partitions = awaitPartitions(c);
        if (partitions.isEmpty()) {
            return;
        }
        c.assign(partitions);
        Instant started = clock.instant();
        long replayFrom = started.minus(config.getRetention().toJavaDuration())
                .minus(config.getMaxFutureSkew().toJavaDuration()).toEpochMilli();
        Map<TopicPartition, Long> times = new HashMap<>();
        partitions.forEach(tp -> times.put(tp, replayFrom));
        Map<TopicPartition, OffsetAndTimestamp> offsets = c.offsetsForTimes(times);
        Map<TopicPartition, Long> beginnings = c.beginningOffsets(partitions);
        Instant coveredFrom = started.minus(config.getRetention().toJavaDuration());
        for (TopicPartition tp : partitions) {
            OffsetAndTimestamp at = offsets.get(tp);
            if (at == null) {
                c.seekToEnd(List.of(tp));
                continue;
            }
            c.seek(tp, at.offset());
            if (at.offset() == beginnings.getOrDefault(tp, 0L) && at.offset() > 0) {
                // The topic's retention deleted older records: points in them are stamped before this.
                Instant truncated = Instant.ofEpochMilli(at.timestamp()).plus(config.getMaxFutureSkew().toJavaDuration());
                coveredFrom = truncated.isAfter(coveredFrom) ? truncated : coveredFrom;
            }
        }
        points.coverFrom(coveredFrom);
        LOG.info("Recent window: replaying {} ({} partitions) from {}; it covers points from {}", config.getTopic(),
                partitions.size(), Instant.ofEpochMilli(replayFrom), coveredFrom);
        Map<TopicPartition, Long> target = null;
        Instant targetAsOf = null;
        long nextSync = 0;
        long nextEvict = clock.instant().toEpochMilli() + EVICT_INTERVAL_MS;
        while (running) {
            for (ConsumerRecord<byte[], byte[]> record : c.poll(POLL)) {
                add(record);
            }
            long now = clock.instant().toEpochMilli();
            if (target == null && now >= nextSync) {
                targetAsOf = clock.instant();
                target = c.endOffsets(partitions);
                nextSync = now + SYNC_INTERVAL_MS;
            }
            if (target != null && reached(c, target)) {
                points.syncedAt(targetAsOf);
                target = null;
            }
            if (now >= nextEvict) {
                points.evict();
                nextEvict = now + EVICT_INTERVAL_MS;
            }
        }
    }

    private static boolean reached(Consumer<byte[], byte[]> c, Map<TopicPartition, Long> target) {
        for (Map.Entry<TopicPartition, Long> end : target.entrySet()) {
            if (c.position(end.getKey()) < end.getValue()) {
                return false;
            }
        }
        return true;
    }

    private List<TopicPartition> awaitPartitions(Consumer<byte[], byte[]> c) {
        while (running) {
            List<PartitionInfo> infos = c.partitionsFor(config.getTopic());
            if (infos != null && !infos.isEmpty()) {
                return infos.stream().map(i -> new TopicPartition(i.topic(), i.partition())).toList();
            }
            sleep(RETRY);
        }
        return List.of();
    }

    private void add(ConsumerRecord<byte[], byte[]> record) {
        records.incrementAndGet();
        PointBatch batch;
        try {
            batch = PointRecords.parse(record.value());
        } catch (InvalidProtocolBufferException e) {
            undecodable.incrementAndGet();
            return;
        }
        String metric = batch.getMetric();
        if (metric.isBlank()) {
            undecodable.incrementAndGet();
            return;
        }
        PointRecords.forEachSample(batch, new PointRecords.Sink() {
            private long seriesId;
            private Map<String, String> tags;

            @Override
            public void series(long id, Map<String, String> seriesTags) {
                seriesId = id;
                tags = seriesTags;
            }

            @Override
            public void sample(int index, long timestampMillis, double value) {
                points.add(metric, seriesId, tags, timestampMillis, value);
            }
        });
    }

    /** Records read since start. */
    public long recordCount() {
        return records.get();
    }

    /** Records that were not a usable PointBatch (the speed layer sets them aside too). */
    public long undecodableCount() {
        return undecodable.get();
    }

    private void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}
