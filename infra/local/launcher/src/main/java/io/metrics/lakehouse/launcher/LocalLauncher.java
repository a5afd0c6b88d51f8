package io.metrics.lakehouse.launcher;

import io.metrics.lakehouse.local.LocalStack;
import io.metrics.lakehouse.local.LocalStackConfig;
import io.metrics.lakehouse.local.StackEndpoints;
import io.metrics.lakehouse.schemas.EnsureResult;
import io.metrics.lakehouse.schemas.IcebergCatalogs;
import io.metrics.lakehouse.schemas.TableManager;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.iceberg.catalog.Catalog;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Runs the whole product on this machine: {@code java -jar infra/local/launcher/target/local-launcher.jar}.
 * Starts the local stack, creates or evolves the Iceberg tables, prints every endpoint, and runs until
 * Ctrl-C, which stops everything in reverse order. Data stays under {@code --data-dir} between runs.
 */
@Command(name = "metrics-local", mixinStandardHelpOptions = true,
        description = "Run the metrics lakehouse on one machine (everything on 127.0.0.1).")
public final class LocalLauncher implements Callable<Integer> {

    /** Printed once everything is up: scripts and tests wait for it. */
    public static final String READY_LINE = "metrics-lakehouse is ready";

    @Option(names = "--data-dir", defaultValue = "${env:METRICS_DATA_DIR:-data}",
            description = "Directory holding all data and logs (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--trino-port", defaultValue = "" + LocalStackConfig.DEFAULT_TRINO_PORT,
            description = "Trino HTTP port (default: ${DEFAULT-VALUE}).")
    int trinoPort;

    @Option(names = "--kafka-port", defaultValue = "" + LocalStackConfig.DEFAULT_KAFKA_PORT,
            description = "Kafka broker port (default: ${DEFAULT-VALUE}).")
    int kafkaPort;

    @Option(names = "--kafka-controller-port", defaultValue = "" + LocalStackConfig.DEFAULT_KAFKA_CONTROLLER_PORT,
            description = "Kafka KRaft controller port (default: ${DEFAULT-VALUE}).")
    int kafkaControllerPort;

    @Option(names = "--s3-port", defaultValue = "" + LocalStackConfig.DEFAULT_S3_PORT,
            description = "S3-compatible object store port (default: ${DEFAULT-VALUE}).")
    int s3Port;

    @Option(names = "--postgres-port", defaultValue = "" + LocalStackConfig.DEFAULT_POSTGRES_PORT,
            description = "PostgreSQL port (default: ${DEFAULT-VALUE}).")
    int postgresPort;

    @Option(names = "--trino-java-home",
            description = "A JDK 24+ for Trino (default: $TRINO_JAVA_HOME, $JAVA_HOME if new enough, or the newest under /usr/lib/jvm).")
    Path trinoJavaHome;

    @Option(names = "--trino-heap", defaultValue = "2g", description = "Trino's maximum heap (default: ${DEFAULT-VALUE}).")
    String trinoHeap;

    @Option(names = "--home", defaultValue = "${env:METRICS_HOME:-.}",
            description = "Repository root, where the services' runnable jars and configs are (default: ${DEFAULT-VALUE}).")
    Path home;

    @Option(names = "--gateway-port", defaultValue = "8081", description = "ingest-gateway port (default: ${DEFAULT-VALUE}).")
    int gatewayPort;

    @Option(names = "--gateway-admin-port", defaultValue = "8091",
            description = "ingest-gateway admin port (default: ${DEFAULT-VALUE}).")
    int gatewayAdminPort;

    @Option(names = "--query-port", defaultValue = "8082", description = "query-service port (default: ${DEFAULT-VALUE}).")
    int queryPort;

    @Option(names = "--query-admin-port", defaultValue = "8092",
            description = "query-service admin port (default: ${DEFAULT-VALUE}).")
    int queryAdminPort;

    @Option(names = "--speed-layer-metrics-port", defaultValue = "8093",
            description = "Port of the speed layer's metrics endpoint (default: ${DEFAULT-VALUE}).")
    int speedLayerMetricsPort;

    @Option(names = "--speed-layer-heap", defaultValue = "1536m",
            description = "The speed layer's maximum heap (default: ${DEFAULT-VALUE}).")
    String speedLayerHeap;

    @Option(names = "--speed-layer-trigger", defaultValue = "5s",
            description = "The speed layer's micro-batch trigger: 1s, 5s, 1m (default: ${DEFAULT-VALUE}).")
    String speedLayerTrigger;

    @Option(names = "--alert-webhook-url", paramLabel = "URL",
            description = "Where query-service's 'webhook' alert channel posts (Alertmanager webhook payload);"
                    + " default: $ALERTING_WEBHOOK_URL, else the channel is off.")
    URI alertWebhookUrl;

    @Option(names = "--no-speed-layer",
            description = "Do not start the speed layer (points then stay in Kafka until it runs).")
    boolean noSpeedLayer;

    @Option(names = "--no-batch-schedule",
            description = "Do not run the hourly rollups and the daily retention in-process (what Airflow does on a cluster).")
    boolean noBatchSchedule;

    @Option(names = "--batch-heap", defaultValue = "1g",
            description = "Maximum heap of each scheduled batch-jobs run (default: ${DEFAULT-VALUE}).")
    String batchHeap;

    @Option(names = "--batch-first-check-seconds", defaultValue = "120", hidden = true,
            description = "Delay of the batch schedule's first check (tests shorten it).")
    long batchFirstCheckSeconds;

    @Option(names = "--demo-load",
            description = "Run a few simulated services (checkout, search, payments) that push request counts, latency, "
                    + "error rate and CPU to the gateway every 10 s: live demo.* series from the first minute.")
    boolean demoLoad;

    @Option(names = "--stack-only", description = "Start the servers and tables but not the product's processes.")
    boolean stackOnly;

    @Option(names = "--exit-when-ready", hidden = true,
            description = "Stop again right after start-up (for measuring start time).")
    boolean exitWhenReady;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        CommandLine cli = new CommandLine(new LocalLauncher());
        // A failed start names its cause in one line (the details are in data/logs), not a stack trace.
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            Throwable cause = e;
            while (cause.getCause() != null && (cause instanceof java.util.concurrent.CompletionException
                    || cause instanceof UncheckedIOException)) {
                cause = cause.getCause();
            }
            commandLine.getErr().println("metrics-local: could not start: " + cause.getMessage());
            return 1;
        });
        System.exit(cli.execute(args));
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (alertWebhookUrl != null && !List.of("http", "https").contains(String.valueOf(alertWebhookUrl.getScheme()))) {
            throw new CommandLine.ParameterException(spec.commandLine(),
                    "--alert-webhook-url must be an http(s) URL: " + alertWebhookUrl);
        }
        // Before the first logger is created: logback writes data/logs/launcher.log.
        System.setProperty("metrics.log.dir", dataDir.resolve("logs").toAbsolutePath().toString());
        out.println("Starting metrics-lakehouse under " + dataDir.toAbsolutePath() + " (logs in "
                + dataDir.resolve("logs").toAbsolutePath() + ") ...");
        out.flush();

        long begin = System.nanoTime();
        LocalStackConfig config = LocalStackConfig.builder()
                .dataDir(dataDir)
                .trinoPort(trinoPort)
                .kafkaPort(kafkaPort)
                .kafkaControllerPort(kafkaControllerPort)
                .s3Port(s3Port)
                .postgresPort(postgresPort)
                .trinoJavaHome(trinoJavaHome)
                .trinoHeap(trinoHeap)
                .build();
        LocalStack stack = LocalStack.start(config);
        List<LaunchedProcess> services = new CopyOnWriteArrayList<>();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            out.println("Stopping metrics-lakehouse ...");
            out.flush();
            services.forEach(LaunchedProcess::close);
            stack.close();
            out.println("Stopped.");
            out.flush();
            stopped.countDown();
        }, "metrics-local-stop"));

        StackEndpoints endpoints = stack.endpoints();
        List<EnsureResult> tables = applyTables(endpoints);
        if (!stackOnly) {
            startServices(endpoints, services);
            if (demoLoad) {
                services.add(DemoLoad.start(gatewayPort));
            }
            if (!noBatchSchedule) {
                // First check after 2 minutes: the speed layer has then committed the points of the start.
                services.add(BatchSchedule.start(home, endpoints, batchHeap, batchFirstCheckSeconds));
            }
        }

        Duration took = Duration.ofNanos(System.nanoTime() - begin);
        out.println();
        out.println("Endpoints (all on 127.0.0.1):");
        out.println(endpoints.describe());
        services.forEach(service -> out.println(service.describe()));
        out.println();
        out.println("Iceberg tables (catalog " + endpoints.icebergCatalogName() + "):");
        tables.forEach(t -> out.println("  " + t));
        out.println();
        out.printf("%s (started in %.1f s). Try: SELECT * FROM iceberg.metrics.raw_points LIMIT 10%n",
                READY_LINE, took.toMillis() / 1000.0);
        out.println("Press Ctrl-C to stop; data stays in " + dataDir.toAbsolutePath() + ".");
        out.flush();

        if (exitWhenReady) {
            return 0; // the shutdown hook stops the stack
        }
        stopped.await();
        return 0;
    }

    /** The services and the speed layer start in parallel: each needs only the stack, not the others. */
    private void startServices(StackEndpoints endpoints, List<LaunchedProcess> started) {
        Path dataDir = endpoints.dataDir();
        ServiceProcess.Spec gateway = new ServiceProcess.Spec("ingest-gateway",
                home.resolve("ingest-gateway/target/ingest-gateway.jar"), home.resolve("ingest-gateway/config/local.yml"),
                "384m", gatewayPort, gatewayAdminPort, Map.of(
                        "KAFKA_BOOTSTRAP_SERVERS", endpoints.kafkaBootstrapServers(),
                        "CONTROL_PLANE_JDBC_URL", endpoints.jdbcUrl(StackEndpoints.CONTROL_PLANE_DATABASE),
                        "CONTROL_PLANE_DB_USER", endpoints.postgresUser(),
                        "CONTROL_PLANE_DB_PASSWORD", endpoints.postgresPassword(),
                        "INGEST_GATEWAY_PORT", Integer.toString(gatewayPort),
                        "INGEST_GATEWAY_ADMIN_PORT", Integer.toString(gatewayAdminPort),
                        "SCRAPE_TARGETS_FILE", writeScrapeTargets(dataDir).toAbsolutePath().toString()));
        Map<String, String> queryEnv = new HashMap<>(Map.of(
                "TRINO_JDBC_URL", endpoints.trinoJdbcUrl(),
                // The recent window: the last hours of points, read from the points topic.
                "KAFKA_BOOTSTRAP_SERVERS", endpoints.kafkaBootstrapServers(),
                "CONTROL_PLANE_JDBC_URL", endpoints.jdbcUrl(StackEndpoints.CONTROL_PLANE_DATABASE),
                "CONTROL_PLANE_DB_USER", endpoints.postgresUser(),
                "CONTROL_PLANE_DB_PASSWORD", endpoints.postgresPassword(),
                "QUERY_SERVICE_PORT", Integer.toString(queryPort),
                "QUERY_SERVICE_ADMIN_PORT", Integer.toString(queryAdminPort),
                // The links in alert notifications (generatorURL) point at this instance's port.
                "QUERY_SERVICE_EXTERNAL_URL", "http://127.0.0.1:" + queryPort));
        if (alertWebhookUrl != null) {
            queryEnv.put("ALERTING_WEBHOOK_URL", alertWebhookUrl.toString());
        }
        ServiceProcess.Spec query = new ServiceProcess.Spec("query-service",
                home.resolve("query-service/target/query-service.jar"), home.resolve("query-service/config/local.yml"),
                "512m", queryPort, queryAdminPort, Map.copyOf(queryEnv));
        List<Callable<LaunchedProcess>> starts = new ArrayList<>(List.of(
                () -> ServiceProcess.start(gateway, dataDir), () -> ServiceProcess.start(query, dataDir)));
        if (!noSpeedLayer) {
            SpeedLayerProcess.Spec speed = new SpeedLayerProcess.Spec(home, speedLayerHeap, speedLayerMetricsPort,
                    speedLayerTrigger);
            starts.add(() -> SpeedLayerProcess.start(speed, endpoints));
        }
        // Own threads: the common pool has one thread on a 2-core machine, which would start them in turn.
        ExecutorService pool = Executors.newFixedThreadPool(starts.size());
        List<CompletableFuture<LaunchedProcess>> starting = starts.stream()
                .map(start -> CompletableFuture.supplyAsync(() -> {
                    try {
                        LaunchedProcess process = start.call();
                        started.add(process);
                        return process;
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    } catch (Exception e) {
                        throw new IllegalStateException(e.getMessage(), e);
                    }
                }, pool))
                .toList();
        try {
            CompletableFuture.allOf(starting.toArray(CompletableFuture[]::new)).join();
        } finally {
            pool.shutdown();
        }
        started.sort(Comparator.comparing(LaunchedProcess::describe));
    }

    /**
     * The gateway scrapes the other components (it scrapes itself from its own config): a Prometheus
     * file_sd file, rewritten at every start because the ports are options.
     */
    private Path writeScrapeTargets(Path dataDir) {
        StringBuilder json = new StringBuilder("[\n");
        json.append(String.format("  {\"targets\": [\"127.0.0.1:%d\"], \"labels\": {\"component\": \"query-service\","
                + " \"__metrics_path__\": \"/metrics/prometheus\"}}", queryAdminPort));
        if (!noSpeedLayer) {
            json.append(String.format(",%n  {\"targets\": [\"127.0.0.1:%d\"], \"labels\": {\"component\": \"speed-layer\","
                    + " \"__metrics_path__\": \"/metrics\"}}", speedLayerMetricsPort));
        }
        json.append("\n]\n");
        Path file = dataDir.resolve("scrape-targets.json");
        try {
            java.nio.file.Files.writeString(file, json.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    private static List<EnsureResult> applyTables(StackEndpoints endpoints) throws Exception {
        Catalog catalog = IcebergCatalogs.load(endpoints.icebergCatalogName(), endpoints.icebergCatalogProperties());
        try {
            return TableManager.ensureAll(catalog);
        } finally {
            if (catalog instanceof AutoCloseable closeable) {
                closeable.close();
            }
        }
    }
}
