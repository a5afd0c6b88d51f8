package io.metrics.lakehouse.query.alerting;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.DropwizardTestSupport;
import io.dropwizard.testing.ResourceHelpers;
import io.metrics.lakehouse.local.FreePorts;
import io.metrics.lakehouse.local.component.PostgresServer;
import io.metrics.lakehouse.query.QueryServiceConfiguration;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Evaluator capacity: rules evaluated per second with the scripted data source (no query cost) and
 * the real PostgreSQL state (leases, instance rows, events, outbox). Starts its own PostgreSQL under
 * target/bench-postgres and query-service in-process with the evaluator loop off, creates the rules
 * over HTTP, then runs evaluation rounds, moving the clock one interval per round.
 *
 * <p>Arguments: {@code --rules=N} (2000), {@code --series=N} label sets per rule (4),
 * {@code --rounds=N} (6), {@code --flip=P} share of label sets whose breach state flips per round (0.05).
 */
public final class EvaluatorLoadGenerator {

    public static void main(String[] args) throws Exception {
        int rules = intArg(args, "rules", 2000);
        int series = intArg(args, "series", 4);
        int rounds = intArg(args, "rounds", 6);
        double flip = Double.parseDouble(arg(args, "flip", "0.05"));

        int port = FreePorts.next();
        Path home = Path.of("query-service/target/bench-postgres").toAbsolutePath();
        String password = "bench";
        try (PostgresServer postgres = PostgresServer.start(home, port, password, home.resolve("postgres.log"))) {
            postgres.ensureDatabases(List.of("metrics_bench"));
            String prefix = "bench.";
            DropwizardTestSupport<QueryServiceConfiguration> app = new DropwizardTestSupport<>(
                    AlertingTestApplication.class, ResourceHelpers.resourceFilePath("alerting-test.yml"), prefix,
                    ConfigOverride.randomPorts(prefix),
                    ConfigOverride.config(prefix, "database.url", "jdbc:postgresql://127.0.0.1:" + port + "/metrics_bench"),
                    ConfigOverride.config(prefix, "database.password", password),
                    ConfigOverride.config(prefix, "database.maxSize", "16"),
                    ConfigOverride.config(prefix, "alerting.evaluator.threads", "8"),
                    ConfigOverride.config(prefix, "alerting.evaluator.batchSize", "500"));
            app.before();
            try {
                run(app, rules, series, rounds, flip);
            } finally {
                app.after();
            }
        }
    }

    private static void run(DropwizardTestSupport<QueryServiceConfiguration> app, int rules, int series, int rounds,
            double flip) throws Exception {
        HttpClient http = HttpClient.newHttpClient();
        ObjectMapper json = new ObjectMapper();
        long createStart = System.nanoTime();
        for (int r = 0; r < rules; r++) {
            String body = json.writeValueAsString(Map.of("metric", "bench.metric." + r, "name", "Bench rule " + r,
                    "expression", "avg(value) > 100", "for_seconds", 30, "severity", "warning",
                    "group_by", List.of("host")));
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + app.getLocalPort() + "/v1/alert-rules"))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 201) {
                throw new IllegalStateException("rule creation failed: " + response.body());
            }
        }
        System.out.printf("created %d rules x %d label sets in %.1f s%n", rules, series,
                (System.nanoTime() - createStart) / 1e9);

        AlertingModule alerting = ((AlertingTestApplication) app.getApplication()).alerting();
        java.util.Random random = new java.util.Random(42);
        boolean[][] breaching = new boolean[rules][series];
        long evaluated = 0;
        double seconds = 0;
        for (int round = 0; round < rounds; round++) {
            for (int r = 0; r < rules; r++) {
                for (int s = 0; s < series; s++) {
                    if (random.nextDouble() < flip) {
                        breaching[r][s] = !breaching[r][s];
                    }
                    AlertingTestApplication.DATA.set("bench.metric." + r, Map.of("host", "host-" + s), breaching[r][s] ? 150 : 50);
                }
            }
            AlertingTestApplication.CLOCK.advance(Duration.ofSeconds(15));
            long start = System.nanoTime();
            int count = alerting.evaluator().runOnce();
            double elapsed = (System.nanoTime() - start) / 1e9;
            System.out.printf("round %d: %d rules evaluated in %.2f s = %.0f rules/s%n", round, count, elapsed, count / elapsed);
            if (round > 0) { // the first round creates every instance row: a warm-up, not the steady state
                evaluated += count;
                seconds += elapsed;
            }
        }
        double perSecond = evaluated / seconds;
        System.out.printf("evaluator capacity: %.0f rules/s (%d label sets each; steady-state rounds 1..%d)%n",
                perSecond, series, rounds - 1);
        System.out.printf("seed target 100,000 rules every 30 s = 3,333 rules/s: %.1f%% of it on this machine%n",
                100 * perSecond / 3333.3);
    }

    private static int intArg(String[] args, String name, int defaultValue) {
        return Integer.parseInt(arg(args, name, String.valueOf(defaultValue)));
    }

    private static String arg(String[] args, String name, String defaultValue) {
        for (String a : args) {
            if (a.startsWith("--" + name + "=")) {
                return a.substring(name.length() + 3);
            }
        }
        return defaultValue;
    }
}
