package io.metrics.lakehouse.launcher;

import io.metrics.lakehouse.local.LocalStack;
import io.metrics.lakehouse.local.LocalStackConfig;
import io.metrics.lakehouse.local.StackEndpoints;
import io.metrics.lakehouse.schemas.EnsureResult;
import io.metrics.lakehouse.schemas.IcebergCatalogs;
import io.metrics.lakehouse.schemas.TableManager;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
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

    @Option(names = "--exit-when-ready", hidden = true,
            description = "Stop again right after start-up (for measuring start time).")
    boolean exitWhenReady;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(new CommandLine(new LocalLauncher()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
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
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            out.println("Stopping metrics-lakehouse ...");
            out.flush();
            stack.close();
            out.println("Stopped.");
            out.flush();
            stopped.countDown();
        }, "metrics-local-stop"));

        StackEndpoints endpoints = stack.endpoints();
        List<EnsureResult> tables = applyTables(endpoints);

        Duration took = Duration.ofNanos(System.nanoTime() - begin);
        out.println();
        out.println("Endpoints (all on 127.0.0.1):");
        out.println(endpoints.describe());
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
