package io.metrics.lakehouse.query;

import static io.metrics.lakehouse.service.testing.TestHttp.fieldNames;
import static io.metrics.lakehouse.service.testing.TestHttp.get;
import static io.metrics.lakehouse.service.testing.TestHttp.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.DropwizardTestSupport;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.metrics.lakehouse.local.LocalStackExtension;
import io.metrics.lakehouse.local.StackEndpoints;
import io.metrics.lakehouse.service.testing.TestHttp;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** query-service against the real local stack (Trino with the Iceberg catalog, PostgreSQL). */
@ExtendWith({LocalStackExtension.class, DropwizardExtensionsSupport.class})
class QueryServiceApplicationTest {

    private static final String CONFIG = "config/local.yml";

    private static final StackEndpoints STACK = LocalStackExtension.endpoints();

    static final DropwizardAppExtension<QueryServiceConfiguration> APP = new DropwizardAppExtension<>(
            QueryServiceApplication.class, CONFIG, stackOverrides("dw.", Map.of()));

    /**
     * Points the service at the stack's Trino and control-plane database, on random ports; {@code
     * replacements} swap single keys (one override per key: Dropwizard applies overrides in no order).
     */
    private static ConfigOverride[] stackOverrides(String prefix, Map<String, String> replacements) {
        Map<String, String> values = new LinkedHashMap<>();
        values.put("trino.jdbcUrl", STACK.trinoJdbcUrl());
        values.put("trino.user", STACK.trinoUser());
        values.put("database.url", STACK.jdbcUrl(StackEndpoints.CONTROL_PLANE_DATABASE));
        values.put("database.user", STACK.postgresUser());
        values.put("database.password", STACK.postgresPassword());
        values.putAll(replacements);
        List<ConfigOverride> overrides = new ArrayList<>();
        overrides.add(ConfigOverride.randomPorts(prefix));
        values.forEach((key, value) -> overrides.add(ConfigOverride.config(prefix, key, value)));
        return overrides.toArray(new ConfigOverride[0]);
    }

    @Test
    void statusAnswersWithServiceVersionAndTrinoTarget() throws Exception {
        HttpResponse<String> response = get(APP.getLocalPort(), "/v1/status");

        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        JsonNode body = json(response);
        assertEquals(List.of("service", "version", "trino"), fieldNames(body));
        assertEquals("query-service", body.get("service").asText());
        assertEquals(System.getProperty("expected.project.version"), body.get("version").asText());
        JsonNode trino = body.get("trino");
        assertEquals(List.of("jdbcUrl", "catalog", "schema"), fieldNames(trino));
        assertEquals(STACK.trinoJdbcUrl(), trino.get("jdbcUrl").asText());
        assertEquals("iceberg", trino.get("catalog").asText());
        assertEquals("metrics", trino.get("schema").asText());
    }

    @Test
    void unknownPathAnswersJson404() throws Exception {
        HttpResponse<String> response = get(APP.getLocalPort(), "/v1/no-such-thing");

        assertEquals(404, response.statusCode());
        assertEquals(404, json(response).get("code").asInt());
    }

    @Test
    void trinoAndPostgresHealthChecksAreHealthyAgainstTheStack() throws Exception {
        HttpResponse<String> response = get(APP.getAdminPort(), "/healthcheck");

        assertEquals(200, response.statusCode(), response.body());
        JsonNode body = json(response);
        JsonNode trino = body.get(QueryServiceApplication.HEALTH_CHECK_TRINO);
        assertTrue(trino.get("healthy").asBoolean(), trino.toString());
        assertTrue(trino.get("message").asText().contains("answered SELECT 1"), trino.toString());
        JsonNode postgres = body.get(QueryServiceApplication.HEALTH_CHECK_POSTGRES);
        assertTrue(postgres.get("healthy").asBoolean(), postgres.toString());
        assertTrue(postgres.get("message").asText().contains("answered the validation query"), postgres.toString());
    }

    @Test
    void trinoConnectionsUseTheIcebergCatalogSession() throws Exception {
        QueryServiceApplication application = APP.getApplication();
        try (Connection connection = application.trino().open();
                Statement statement = application.trino().createStatement(connection);
                ResultSet rows = statement.executeQuery("SELECT current_catalog, current_schema")) {
            assertTrue(rows.next());
            assertEquals("iceberg", rows.getString(1));
            assertEquals("metrics", rows.getString(2));
        }
    }

    @Test
    void prometheusEndpointServesTheDropwizardRegistryAsText() throws Exception {
        HttpResponse<String> response = get(APP.getAdminPort(), "/metrics/prometheus");

        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"),
                response.headers().toString());
        String body = response.body();
        // Jetty's request timer (Dropwizard instruments every handler). The JVM gauges are there too
        // when started through Application.run, which DropwizardTestSupport bypasses.
        assertTrue(body.contains("# TYPE io_dropwizard_jetty_MutableServletContextHandler_get_requests summary"), body);
        assertTrue(body.contains("io_dropwizard_db_ManagedPooledDataSource_postgres_active"), "the control-plane pool");
    }

    @Test
    void trinoHealthCheckIsUnhealthyWhenTrinoIsUnreachable() throws Exception {
        int closedPort = TestHttp.closedPort();
        String url = "jdbc:trino://127.0.0.1:" + closedPort;

        JsonNode body = healthOfASecondInstance("trino.jdbcUrl", url);

        JsonNode trino = body.get(QueryServiceApplication.HEALTH_CHECK_TRINO);
        assertFalse(trino.get("healthy").asBoolean(), trino.toString());
        String message = trino.get("message").asText();
        assertTrue(message.startsWith("Trino at " + url + " is not usable: "), message);
        assertTrue(message.contains("Failed to connect"), message);
        assertTrue(body.get(QueryServiceApplication.HEALTH_CHECK_POSTGRES).get("healthy").asBoolean(), body.toString());
    }

    @Test
    void postgresHealthCheckIsUnhealthyWhenPostgresIsUnreachable() throws Exception {
        int closedPort = TestHttp.closedPort();
        String url = "jdbc:postgresql://127.0.0.1:" + closedPort + "/" + StackEndpoints.CONTROL_PLANE_DATABASE;

        JsonNode body = healthOfASecondInstance("database.url", url);

        JsonNode postgres = body.get(QueryServiceApplication.HEALTH_CHECK_POSTGRES);
        assertFalse(postgres.get("healthy").asBoolean(), postgres.toString());
        String message = postgres.get("message").asText();
        assertTrue(message.startsWith("PostgreSQL at " + url + " is not usable: "), message);
        assertTrue(message.contains("refused"), message);
        assertTrue(body.get(QueryServiceApplication.HEALTH_CHECK_TRINO).get("healthy").asBoolean(), body.toString());
    }

    /**
     * Starts a second service (own property prefix, so the first one's overrides do not leak into
     * it) pointed at the stack except for one key, and returns its {@code /healthcheck} body, which
     * must come with status 500.
     */
    private static JsonNode healthOfASecondInstance(String key, String value) throws Exception {
        String prefix = "dw-second.";
        DropwizardTestSupport<QueryServiceConfiguration> second = new DropwizardTestSupport<>(
                QueryServiceApplication.class, CONFIG, prefix, stackOverrides(prefix, Map.of(key, value)));
        second.before();
        try {
            HttpResponse<String> response = get(second.getAdminPort(), "/healthcheck");
            assertEquals(500, response.statusCode(), response.body());
            return json(response);
        } finally {
            second.after();
        }
    }
}
