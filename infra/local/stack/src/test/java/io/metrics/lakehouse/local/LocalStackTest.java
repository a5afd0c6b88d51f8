package io.metrics.lakehouse.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

@ExtendWith(LocalStackExtension.class)
class LocalStackTest {

    @Test
    void kafkaAcceptsWithAcksAllAndDeliversInOrder(StackEndpoints stack) throws Exception {
        Map<String, Object> producerConfig = Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        String key = "api.latency.p99-" + UUID.randomUUID();
        List<RecordMetadata> acked = new ArrayList<>();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(producerConfig)) {
            for (int i = 0; i < 5; i++) {
                acked.add(producer.send(new ProducerRecord<>(StackEndpoints.POINTS_TOPIC, key, "point-" + i)).get());
            }
        }
        // Same key, same partition, consecutive offsets: the broker acknowledged each write.
        int partition = acked.get(0).partition();
        for (int i = 0; i < 5; i++) {
            assertEquals(partition, acked.get(i).partition());
            assertEquals(acked.get(0).offset() + i, acked.get(i).offset());
        }

        Properties consumerConfig = new Properties();
        consumerConfig.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers());
        consumerConfig.put(ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID());
        consumerConfig.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        consumerConfig.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<String> received = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer =
                     new KafkaConsumer<>(consumerConfig, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(StackEndpoints.POINTS_TOPIC));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (received.size() < 5 && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> r : consumer.poll(Duration.ofMillis(500))) {
                    if (r.key().equals(key)) {
                        received.add(r.value());
                    }
                }
            }
        }
        assertEquals(List.of("point-0", "point-1", "point-2", "point-3", "point-4"), received);
    }

    @Test
    void topicsAreCreatedWithExplicitSettings(StackEndpoints stack) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", stack.kafkaBootstrapServers()))) {
            TopicDescription points = admin.describeTopics(List.of(StackEndpoints.POINTS_TOPIC))
                    .allTopicNames().get().get(StackEndpoints.POINTS_TOPIC);
            assertEquals(4, points.partitions().size());
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, StackEndpoints.POINTS_TOPIC);
            var config = admin.describeConfigs(List.of(resource)).all().get().get(resource);
            assertEquals("604800000", config.get("retention.ms").value());
            assertEquals("8388608", config.get("max.message.bytes").value());
            assertEquals(Set.of(StackEndpoints.POINTS_TOPIC, StackEndpoints.DEAD_LETTER_TOPIC),
                    new HashSet<>(admin.listTopics().names().get()));
        }
    }

    @Test
    void postgresHasTheCatalogAndControlPlaneDatabases(StackEndpoints stack) throws Exception {
        try (Connection c = DriverManager.getConnection(stack.jdbcUrl(StackEndpoints.CONTROL_PLANE_DATABASE),
                stack.postgresUser(), stack.postgresPassword());
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT datname FROM pg_database WHERE datname IN ('iceberg_catalog', 'metrics')"
                     + " ORDER BY datname")) {
            List<String> names = new ArrayList<>();
            while (rs.next()) {
                names.add(rs.getString(1));
            }
            assertEquals(List.of("iceberg_catalog", "metrics"), names);
        }
    }

    @Test
    void objectStoreSpeaksS3WithTheGeneratedKeys(StackEndpoints stack) {
        try (S3Client s3 = S3Client.builder()
                .endpointOverride(URI.create(stack.s3Endpoint()))
                .region(Region.of(stack.s3Region()))
                .forcePathStyle(true)
                .credentialsProvider(StaticCredentialsProvider.create(
                        AwsBasicCredentials.create(stack.s3AccessKey(), stack.s3SecretKey())))
                .httpClient(UrlConnectionHttpClient.create())
                .build()) {
            String key = "probe/" + UUID.randomUUID();
            s3.putObject(b -> b.bucket(stack.warehouseBucket()).key(key), RequestBody.fromString("hello"));
            assertEquals("hello", s3.getObjectAsBytes(b -> b.bucket(stack.warehouseBucket()).key(key)).asUtf8String());
            assertTrue(s3.listBuckets().buckets().stream().anyMatch(b -> b.name().equals(stack.warehouseBucket())));
        }
    }

    @Test
    void trinoQueriesRunInTheServiceOrTheAdhocResourceGroupBySource(StackEndpoints stack) throws Exception {
        assertEquals(List.of("global", "service"), resourceGroupOfAQuery(stack, "query-service"));
        assertEquals(List.of("global", "adhoc"), resourceGroupOfAQuery(stack, "an-analyst"));
    }

    private static List<String> resourceGroupOfAQuery(StackEndpoints stack, String source) throws Exception {
        Properties properties = new Properties();
        properties.setProperty("user", stack.trinoUser());
        properties.setProperty("source", source);
        String queryId;
        try (Connection c = DriverManager.getConnection(stack.trinoJdbcUrl(), properties);
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT 1")) {
            queryId = rs.unwrap(io.trino.jdbc.TrinoResultSet.class).getQueryId();
        }
        try (Connection c = DriverManager.getConnection(stack.trinoJdbcUrl(), stack.trinoUser(), null);
             Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT resource_group_id FROM system.runtime.queries WHERE query_id = '"
                     + queryId + "'")) {
            assertTrue(rs.next(), "query " + queryId + " not in system.runtime.queries");
            List<String> group = new ArrayList<>();
            for (Object part : (Object[]) rs.getArray(1).getArray()) {
                group.add((String) part);
            }
            return group;
        }
    }

    @Test
    void trinoServesTheIcebergCatalog(StackEndpoints stack) throws Exception {
        try (Connection c = DriverManager.getConnection(stack.trinoJdbcUrl(), stack.trinoUser(), null);
             Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA IF NOT EXISTS iceberg.stack_probe");
            s.execute("CREATE TABLE iceberg.stack_probe.t (id bigint, name varchar)");
            s.execute("INSERT INTO iceberg.stack_probe.t VALUES (1, 'one'), (2, 'two')");
            try (ResultSet rs = s.executeQuery("SELECT sum(id), max(name) FROM iceberg.stack_probe.t")) {
                assertTrue(rs.next());
                assertEquals(3, rs.getLong(1));
                assertEquals("two", rs.getString(2));
            }
            s.execute("DROP TABLE iceberg.stack_probe.t");
            s.execute("DROP SCHEMA iceberg.stack_probe");
        }
    }
}
