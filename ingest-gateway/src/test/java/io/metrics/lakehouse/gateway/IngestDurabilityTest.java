package io.metrics.lakehouse.gateway;

import static io.metrics.lakehouse.gateway.IngestResourceTest.assertError;
import static io.metrics.lakehouse.gateway.IngestResourceTest.controlPlane;
import static io.metrics.lakehouse.gateway.IngestResourceTest.now;
import static io.metrics.lakehouse.gateway.IngestResourceTest.uniqueMetric;
import static io.metrics.lakehouse.service.testing.TestHttp.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.DropwizardTestSupport;
import io.metrics.lakehouse.core.wire.v1.RejectedBatch;
import io.metrics.lakehouse.gateway.testing.Post;
import io.metrics.lakehouse.gateway.testing.Topics;
import io.metrics.lakehouse.local.LocalStackExtension;
import io.metrics.lakehouse.local.StackEndpoints;
import io.metrics.lakehouse.service.testing.TestHttp;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What the gateway does when it cannot take a request: Kafka unreachable (503, nothing
 * acknowledged), the in-flight budget exhausted (503), and the cardinality limit under concurrent
 * writes to two replicas sharing PostgreSQL (exactly the limit admitted). Each test starts its own
 * gateway(s) with its own property prefix.
 */
@ExtendWith(LocalStackExtension.class)
class IngestDurabilityTest {

    private static final StackEndpoints STACK = LocalStackExtension.endpoints();
    private final Topics topics = new Topics(STACK.kafkaBootstrapServers());

    private static DropwizardTestSupport<IngestGatewayConfiguration> gateway(String prefix, String bootstrap,
            ConfigOverride... extra) {
        List<ConfigOverride> overrides = new ArrayList<>(List.of(
                ConfigOverride.randomPorts(prefix),
                ConfigOverride.config(prefix, "kafka.bootstrapServers", bootstrap),
                ConfigOverride.config(prefix, "database.url", STACK.jdbcUrl(StackEndpoints.CONTROL_PLANE_DATABASE)),
                ConfigOverride.config(prefix, "database.user", STACK.postgresUser()),
                ConfigOverride.config(prefix, "database.password", STACK.postgresPassword())));
        overrides.addAll(List.of(extra));
        return new DropwizardTestSupport<>(IngestGatewayApplication.class, "config/local.yml", prefix,
                overrides.toArray(ConfigOverride[]::new));
    }

    @Test
    void kafkaUnreachableIs503WithRetryAfterAndNothingIsAcknowledged() throws Exception {
        String prefix = "dw-nokafka.";
        DropwizardTestSupport<IngestGatewayConfiguration> app = gateway(prefix, "127.0.0.1:" + TestHttp.closedPort(),
                ConfigOverride.config(prefix, "kafka.producer.maxBlock", "1s"),
                ConfigOverride.config(prefix, "kafka.producer.requestTimeout", "1s"),
                ConfigOverride.config(prefix, "kafka.producer.deliveryTimeout", "2s"),
                ConfigOverride.config(prefix, "ingest.ackTimeout", "3s"),
                ConfigOverride.config(prefix, "ingest.retryAfter", "7s"));
        app.before();
        try {
            String metric = uniqueMetric("nokafka");
            String body = """
                    {"metric": "%s", "points": [{"timestamp": "%s", "value": 1, "tags": {"host": "a"}}]}"""
                    .formatted(metric, now(-5));
            for (int attempt = 0; attempt < 3; attempt++) {
                HttpResponse<String> response = Post.json(app.getLocalPort(), "/v1/ingest", body);

                assertEquals(503, response.statusCode(), response.body());
                assertEquals("7", response.headers().firstValue("Retry-After").orElse(null));
                String message = json(response).get("message").asText();
                assertTrue(message.startsWith("Kafka did not acknowledge the points"), message);
                assertTrue(message.endsWith("; nothing was acknowledged, retry the request"), message);
            }
            assertEquals(0, topics.count(StackEndpoints.POINTS_TOPIC, metric));
        } finally {
            app.after();
        }
    }

    @Test
    void aRequestThatFindsNoInFlightRoomIs503WithRetryAfter() throws Exception {
        String prefix = "dw-inflight.";
        DropwizardTestSupport<IngestGatewayConfiguration> app = gateway(prefix, STACK.kafkaBootstrapServers(),
                ConfigOverride.config(prefix, "ingest.maxRequestBytes", "64KiB"),
                ConfigOverride.config(prefix, "ingest.maxInFlightBytes", "64KiB"),
                ConfigOverride.config(prefix, "ingest.inFlightWait", "0s"));
        app.before();
        try (Socket slow = new Socket(InetAddress.getLoopbackAddress(), app.getLocalPort())) {
            // A client that announces 60,000 bytes and sends only a few: its request holds the room.
            OutputStream out = slow.getOutputStream();
            out.write(("POST /v1/ingest HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
                    + "Content-Length: 60000\r\n\r\n{\"metric\":").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            awaitInFlight(app.getAdminPort(), 60_000);

            HttpResponse<String> response = Post.json(app.getLocalPort(), "/v1/ingest", " ".repeat(10_000));

            assertError(response, 503,
                    "the gateway is at its in-flight limit of 65536 request bytes (ingest.maxInFlightBytes); retry later");
            assertEquals("5", response.headers().firstValue("Retry-After").orElse(null));
        } finally {
            app.after();
        }
    }

    @Test
    void twoReplicasRacingForNewSeriesAdmitExactlyTheLimit() throws Exception {
        String metric = uniqueMetric("race");
        int limit = 50;
        try (Connection c = controlPlane();
                PreparedStatement insert = c.prepareStatement("INSERT INTO metrics (name, cardinality_limit) VALUES (?, ?)")) {
            insert.setString(1, metric);
            insert.setLong(2, limit);
            insert.executeUpdate();
        }
        DropwizardTestSupport<IngestGatewayConfiguration> a = gateway("dw-a.", STACK.kafkaBootstrapServers());
        DropwizardTestSupport<IngestGatewayConfiguration> b = gateway("dw-b.", STACK.kafkaBootstrapServers());
        a.before();
        b.before();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            String ts = now(-5);
            List<Future<HttpResponse<String>>> responses = new ArrayList<>();
            // 20 requests of 5 new series each (100 series), alternating replicas, 8 at a time.
            for (int r = 0; r < 20; r++) {
                int port = (r % 2 == 0 ? a : b).getLocalPort();
                StringBuilder body = new StringBuilder("{\"metric\": \"" + metric + "\", \"points\": [");
                for (int i = 0; i < 5; i++) {
                    body.append(i == 0 ? "" : ",").append("{\"timestamp\": \"").append(ts)
                            .append("\", \"value\": 1, \"tags\": {\"host\": \"h").append(r * 5 + i).append("\"}}");
                }
                String json = body.append("]}").toString();
                responses.add(pool.submit(() -> Post.json(port, "/v1/ingest", json)));
            }
            int accepted = 0;
            int rejected = 0;
            for (Future<HttpResponse<String>> future : responses) {
                HttpResponse<String> response = future.get();
                assertTrue(response.statusCode() == 200 || response.statusCode() == 429, response.body());
                accepted += json(response).get("accepted").asInt();
                rejected += json(response).get("rejected").asInt();
            }
            assertEquals(limit, accepted);
            assertEquals(100 - limit, rejected);
            try (Connection c = controlPlane();
                    PreparedStatement q = c.prepareStatement("SELECT series_count, (SELECT count(*) FROM metric_series s "
                            + "WHERE s.metric_id = m.id) FROM metrics m WHERE name = ?")) {
                q.setString(1, metric);
                ResultSet rs = q.executeQuery();
                assertTrue(rs.next());
                assertEquals(limit, rs.getLong(1));
                assertEquals(limit, rs.getLong(2));
            }
            List<RejectedBatch> dead = topics.deadLetters(StackEndpoints.DEAD_LETTER_TOPIC, metric, 1);
            assertEquals(100 - limit, dead.stream().mapToInt(RejectedBatch::getSeriesCount).sum());
        } finally {
            pool.shutdownNow();
            Stream.of(a, b).forEach(DropwizardTestSupport::after);
        }
    }

    private static void awaitInFlight(int adminPort, long bytes) throws Exception {
        long deadline = System.currentTimeMillis() + 10_000;
        while (true) {
            var gauge = json(TestHttp.get(adminPort, "/metrics")).get("gauges").get("ingest.inflight.bytes");
            if (gauge != null && gauge.get("value").asLong() >= bytes) {
                return;
            }
            assertTrue(System.currentTimeMillis() < deadline, "in-flight bytes never reached " + bytes + ": " + gauge);
            Thread.sleep(50);
        }
    }
}
