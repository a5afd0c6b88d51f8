package io.metrics.lakehouse.gateway.health;

import com.codahale.metrics.health.HealthCheck;
import io.metrics.lakehouse.gateway.kafka.ManagedKafkaAdmin;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * {@code kafka}: healthy when a broker of {@code kafka.bootstrapServers} answers within
 * {@code kafka.healthCheckTimeout} and the points topic and the dead-letter topic exist.
 * The gateway acknowledges a point only after Kafka did, so without these it cannot take writes.
 */
public class KafkaHealthCheck extends HealthCheck {

    private final ManagedKafkaAdmin admin;
    private final String bootstrapServers;
    private final List<String> topics;
    private final long timeoutMs;

    public KafkaHealthCheck(ManagedKafkaAdmin admin, String bootstrapServers, List<String> topics, long timeoutMs) {
        this.admin = admin;
        this.bootstrapServers = bootstrapServers;
        this.topics = List.copyOf(topics);
        this.timeoutMs = timeoutMs;
    }

    @Override
    protected Result check() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);

        DescribeClusterResult cluster;
        Collection<Node> nodes;
        try {
            cluster = admin.admin().describeCluster(new DescribeClusterOptions().timeoutMs((int) timeoutMs));
            nodes = await(cluster.nodes(), deadline);
        } catch (TimeoutException e) {
            return Result.unhealthy("Kafka broker not reachable at %s within %d ms", bootstrapServers, timeoutMs);
        } catch (ExecutionException e) {
            return Result.unhealthy("Kafka broker not reachable at %s within %d ms (%s)",
                    bootstrapServers, timeoutMs, describe(e));
        }

        Map<String, KafkaFuture<TopicDescription>> perTopic = admin.admin()
                .describeTopics(topics, new DescribeTopicsOptions().timeoutMs((int) remainingMs(deadline)))
                .topicNameValues();
        List<String> missing = new ArrayList<>();
        List<String> found = new ArrayList<>();
        for (String topic : topics) {
            try {
                TopicDescription description = await(perTopic.get(topic), deadline);
                found.add(topic + " (" + description.partitions().size() + " partitions)");
            } catch (ExecutionException e) {
                if (e.getCause() instanceof UnknownTopicOrPartitionException) {
                    missing.add(topic);
                } else {
                    return Result.unhealthy("Kafka at %s: cannot describe topic %s: %s",
                            bootstrapServers, topic, describe(e));
                }
            } catch (TimeoutException e) {
                return Result.unhealthy("Kafka at %s: no answer about topic %s within %d ms",
                        bootstrapServers, topic, timeoutMs);
            }
        }
        if (!missing.isEmpty()) {
            return Result.unhealthy("Kafka at %s is reachable but topic(s) %s do not exist",
                    bootstrapServers, String.join(", ", missing));
        }
        String clusterId;
        try {
            clusterId = await(cluster.clusterId(), deadline);
        } catch (TimeoutException | ExecutionException e) {
            clusterId = "unknown";
        }
        return Result.healthy("Kafka cluster %s at %s: %d broker(s); topics %s",
                clusterId, bootstrapServers, nodes.size(), String.join(", ", found));
    }

    private static <T> T await(KafkaFuture<T> future, long deadlineNanos)
            throws ExecutionException, TimeoutException, InterruptedException {
        return future.get(remainingMs(deadlineNanos), TimeUnit.MILLISECONDS);
    }

    private static long remainingMs(long deadlineNanos) {
        return Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime()));
    }

    private static String describe(Exception e) {
        Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
        String message = cause.getMessage();
        return cause.getClass().getSimpleName() + (message == null ? "" : ": " + message);
    }
}
