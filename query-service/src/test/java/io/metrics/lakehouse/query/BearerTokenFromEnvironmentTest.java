package io.metrics.lakehouse.query;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.metrics.lakehouse.local.LocalStackExtension;
import io.metrics.lakehouse.local.StackEndpoints;
import io.metrics.lakehouse.service.testing.TestHttp;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bearer tokens given as {@code env: VARIABLE}: query-service runs in its own JVM (the environment
 * of this one cannot be changed), with the token in its environment, on the real stack.
 */
@ExtendWith(LocalStackExtension.class)
class BearerTokenFromEnvironmentTest {

    private static final StackEndpoints STACK = LocalStackExtension.endpoints();
    private static final String VARIABLE = "QUERY_TOKEN_DASHBOARDS_IT";
    private static final String TOKEN = "token-from-the-environment-0451";

    @TempDir
    Path dir;

    @Test
    void theTokenIsTheVariablesValue() throws Exception {
        int port = TestHttp.closedPort();
        Process service = start(port, Map.of(VARIABLE, TOKEN), dir.resolve("service.log"));
        try {
            awaitListening(service, port, dir.resolve("service.log"));
            HttpResponse<String> ok = QueryApiTest.get(port, "/v1/metrics?match=it.envauth.none*", TOKEN);
            assertEquals(200, ok.statusCode(), ok.body());
            assertEquals("{\"metrics\":[]}", ok.body());
            for (String wrong : new String[] {null, VARIABLE, TOKEN + "x"}) {
                HttpResponse<String> refused = QueryApiTest.get(port, "/v1/metrics?match=it.envauth.none*", wrong);
                assertEquals(401, refused.statusCode(), refused.body());
                JsonNode body = TestHttp.json(refused);
                assertEquals(401, body.get("code").asInt());
                assertEquals("a valid bearer token is required (Authorization: Bearer <token>)", body.get("message").asText());
            }
        } finally {
            service.destroy();
            service.waitFor(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void withoutTheVariableTheServiceRefusesToStartNamingIt() throws Exception {
        Path log = dir.resolve("unset.log");
        Process service = start(TestHttp.closedPort(), Map.of(), log);
        assertTrue(service.waitFor(120, TimeUnit.SECONDS), "the service should exit");
        assertEquals(1, service.exitValue());
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertTrue(output.contains("auth token 'dashboards': environment variable " + VARIABLE + " is not set"), output);
    }

    private Process start(int port, Map<String, String> environment, Path log) throws IOException {
        Path config = dir.resolve("env-auth-" + port + ".yml");
        Files.writeString(config, String.join("\n",
                "server:",
                "  applicationConnectors: [{type: http, bindHost: 127.0.0.1, port: " + port + "}]",
                "  adminConnectors: [{type: http, bindHost: 127.0.0.1, port: 0}]",
                "trino:",
                "  jdbcUrl: " + STACK.trinoJdbcUrl(),
                "  user: " + STACK.trinoUser(),
                "database:",
                "  driverClass: org.postgresql.Driver",
                "  url: " + STACK.jdbcUrl(StackEndpoints.CONTROL_PLANE_DATABASE),
                "  user: " + STACK.postgresUser(),
                "  password: \"" + STACK.postgresPassword() + "\"",
                "alerting:",
                "  evaluator: {enabled: false}",
                "  dispatcher: {enabled: false}",
                "auth:",
                "  tokens:",
                "    - name: dashboards",
                "      env: " + VARIABLE,
                "logging:",
                "  level: WARN",
                ""));
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                QueryServiceApplication.class.getName(), "server", config.toString()));
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        builder.environment().remove(VARIABLE);
        builder.environment().putAll(environment);
        return builder.start();
    }

    private static void awaitListening(Process service, int port, Path log) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            if (!service.isAlive()) {
                throw new AssertionError("query-service exited: " + Files.readString(log, StandardCharsets.UTF_8));
            }
            try {
                if (QueryApiTest.get(port, "/v1/status", null).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new AssertionError("query-service did not listen on " + port + ": " + Files.readString(log, StandardCharsets.UTF_8));
    }
}
