package io.metrics.lakehouse.local.component;

import io.metrics.lakehouse.local.process.Await;
import io.metrics.lakehouse.local.process.ChildProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A real Trino server (the official distribution from Maven Central) as a child process on a JDK 24+,
 * with one catalog, {@code iceberg}, on the same JDBC catalog and object store as Spark.
 *
 * <p>The server is started with {@code java} directly rather than through {@code bin/launcher}: the
 * launcher would add nothing we need and would detach the process from our lifecycle.
 */
public final class TrinoServer implements AutoCloseable {

    /** Schema of the stack's own readiness table in the Iceberg catalog. */
    public static final String READINESS_SCHEMA = "local_stack";

    /**
     * Queries running at once on this 2-core Trino (the rest queue): enough to keep both cores busy,
     * and query-service's own bound (query.trinoConcurrency: 4 for dashboards, 2 reserved for the
     * alert evaluator) never queues here.
     */
    static final int RUNNING_QUERIES = 6;
    /** Of those, at most this many from clients other than query-service. */
    static final int ADHOC_RUNNING_QUERIES = 4;

    private final ChildProcess process;
    private final int port;

    private TrinoServer(ChildProcess process, int port) {
        this.process = process;
        this.port = port;
    }

    /** What Trino's Iceberg catalog is pointed at. */
    public record IcebergCatalog(String catalogName, String jdbcUrl, String jdbcUser, String jdbcPassword,
                                 String warehouse, String s3Endpoint, String s3Region, String s3AccessKey,
                                 String s3SecretKey) {
    }

    public static TrinoServer start(Path home, Path trinoHome, Path pluginDir, Path javaHome, int port, String heap,
                                    IcebergCatalog catalog, Path logFile) throws IOException {
        if (!Files.isDirectory(trinoHome.resolve("lib"))) {
            throw new IllegalStateException("Trino server not found at " + trinoHome
                    + " (the local-stack build unpacks it there: run the build first)");
        }
        Path etc = home.resolve("etc");
        Path catalogDir = etc.resolve("catalog");
        Path var = home.resolve("var");
        Path tmp = home.resolve("tmp");
        Files.createDirectories(catalogDir);
        Files.createDirectories(var);
        Files.createDirectories(tmp);

        Map<String, String> config = new LinkedHashMap<>();
        config.put("coordinator", "true");
        config.put("node-scheduler.include-coordinator", "true");
        config.put("http-server.http.port", Integer.toString(port));
        config.put("discovery.uri", "http://127.0.0.1:" + port);
        config.put("query.max-memory", "1GB");
        config.put("query.max-memory-per-node", "512MB");
        config.put("catalog.config-dir", catalogDir.toString());
        config.put("plugin.dir", pluginDir.toString());
        // A single small node: keep thread pools and task concurrency modest.
        config.put("task.concurrency", "2");
        config.put("task.max-worker-threads", "8");
        // One node, which is its own worker: under CPU load a missed heartbeat made the failure detector
        // drop it, and queries failed with "No nodes available to run query" until it came back.
        config.put("failure-detector.enabled", "false");
        writeProperties(etc.resolve("config.properties"), config);

        Map<String, String> iceberg = new LinkedHashMap<>();
        iceberg.put("connector.name", "iceberg");
        iceberg.put("iceberg.catalog.type", "jdbc");
        iceberg.put("iceberg.jdbc-catalog.catalog-name", catalog.catalogName());
        iceberg.put("iceberg.jdbc-catalog.driver-class", "org.postgresql.Driver");
        iceberg.put("iceberg.jdbc-catalog.connection-url", catalog.jdbcUrl());
        iceberg.put("iceberg.jdbc-catalog.connection-user", catalog.jdbcUser());
        iceberg.put("iceberg.jdbc-catalog.connection-password", catalog.jdbcPassword());
        iceberg.put("iceberg.jdbc-catalog.default-warehouse-dir", catalog.warehouse());
        iceberg.put("fs.native-s3.enabled", "true");
        iceberg.put("s3.endpoint", catalog.s3Endpoint());
        iceberg.put("s3.region", catalog.s3Region());
        iceberg.put("s3.path-style-access", "true");
        iceberg.put("s3.aws-access-key", catalog.s3AccessKey());
        iceberg.put("s3.aws-secret-key", catalog.s3SecretKey());
        writeProperties(catalogDir.resolve(catalog.catalogName() + ".properties"), iceberg);

        writeProperties(etc.resolve("log.properties"), Map.of("io.trino", "INFO"));
        writeResourceGroups(etc, var);

        List<String> command = new ArrayList<>(List.of(
                javaHome.resolve("bin/java").toString(),
                "-Xmx" + heap,
                "-XX:+UseG1GC",
                "-XX:G1HeapRegionSize=32M",
                "-XX:+ExplicitGCInvokesConcurrent",
                "-XX:+ExitOnOutOfMemoryError",
                "-XX:-OmitStackTraceInFastThrow",
                "-XX:ReservedCodeCacheSize=256M",
                "-XX:+EnableDynamicAgentLoading",
                "-Djdk.attach.allowAttachSelf=true",
                "-Dfile.encoding=UTF-8",
                "-Djava.io.tmpdir=" + tmp,
                "-Dnode.environment=local",
                "-Dnode.id=local-trino",
                "-Dnode.bind-ip=127.0.0.1",
                "-Dnode.internal-address=127.0.0.1",
                "-Dconfig=" + etc.resolve("config.properties"),
                "-Dlog.levels-file=" + etc.resolve("log.properties"),
                "-cp", trinoHome.resolve("lib") + "/*",
                "io.trino.server.TrinoServer"));
        ChildProcess process = ChildProcess.start("trino", command, var, Map.of("JAVA_HOME", javaHome.toString()),
                logFile, home.resolve("trino.pid"), etc.resolve("config.properties").toString());
        TrinoServer server = new TrinoServer(process, port);
        // "starting":false comes seconds before the coordinator is scheduled as its own worker, and
        // metadata queries (information_schema) succeed before table scans do ("No nodes available to
        // run query"). Ready therefore means: a write and a scan of a real Iceberg table succeed.
        String jdbcUrl = "jdbc:trino://127.0.0.1:" + port;
        String probeTable = catalog.catalogName() + "." + READINESS_SCHEMA + ".readiness";
        Await.until("Trino to scan an Iceberg table on port " + port, Duration.ofSeconds(180),
                () -> {
                    try (Connection c = DriverManager.getConnection(jdbcUrl, "local-stack", null);
                         Statement s = c.createStatement()) {
                        s.execute("CREATE SCHEMA IF NOT EXISTS " + catalog.catalogName() + "." + READINESS_SCHEMA);
                        s.execute("CREATE TABLE IF NOT EXISTS " + probeTable + " AS SELECT 1 AS ready");
                        try (ResultSet rs = s.executeQuery("SELECT count(*) FROM " + probeTable)) {
                            return rs.next() && rs.getLong(1) == 1;
                        }
                    }
                },
                process::isAlive, () -> "Last lines of " + process.logFile() + ":" + System.lineSeparator()
                        + process.logTail(40));
        return server;
    }

    /**
     * Queries run a few at a time and the rest queue (first come, first served within a group) instead
     * of all running at once: twenty 30-day dashboard queries of 10,000 series started together ran a
     * 1.5-2 GB Trino out of heap (their readers' memory is not in Trino's memory pools), and Trino
     * exits on that. query-service's statements (source {@code query-service}: dashboards and alert
     * rules) get three turns to every one of everything else (SQL users, loaders), so an analyst's
     * burst does not hold the dashboards up. query-service also bounds its own statements
     * ({@code query.trinoConcurrency}), within its group's limit.
     */
    private static void writeResourceGroups(Path etc, Path workingDirectory) throws IOException {
        Path json = etc.resolve("resource-groups.json");
        Files.writeString(json, """
                {
                  "rootGroups": [{
                    "name": "global", "softMemoryLimit": "90%%", "hardConcurrencyLimit": %d, "maxQueued": 1000,
                    "schedulingPolicy": "weighted_fair",
                    "subGroups": [
                      {"name": "service", "softMemoryLimit": "90%%", "hardConcurrencyLimit": %d, "maxQueued": 1000,
                       "schedulingWeight": 3},
                      {"name": "adhoc", "softMemoryLimit": "90%%", "hardConcurrencyLimit": %d, "maxQueued": 1000,
                       "schedulingWeight": 1}
                    ]
                  }],
                  "selectors": [
                    {"source": "query-service", "group": "global.service"},
                    {"group": "global.adhoc"}
                  ]
                }
                """.formatted(RUNNING_QUERIES, RUNNING_QUERIES, ADHOC_RUNNING_QUERIES));
        // Trino reads this one file from etc/ under its working directory, whatever -Dconfig says.
        Files.createDirectories(workingDirectory.resolve("etc"));
        writeProperties(workingDirectory.resolve("etc").resolve("resource-groups.properties"), Map.of(
                "resource-groups.configuration-manager", "file",
                "resource-groups.config-file", json.toString()));
    }

    private static void writeProperties(Path file, Map<String, String> values) throws IOException {
        // Trino reads these as java.util.Properties; our values need no escaping beyond what we check here.
        String body = values.entrySet().stream()
                .peek(e -> {
                    if (e.getValue().contains("\n")) {
                        throw new IllegalArgumentException("multi-line value for " + e.getKey());
                    }
                })
                .map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining("\n", "# Written by the local stack at each start\n", "\n"));
        Files.writeString(file, body);
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    @Override
    public void close() {
        process.close();
    }
}
