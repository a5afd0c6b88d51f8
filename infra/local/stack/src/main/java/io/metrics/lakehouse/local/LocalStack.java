package io.metrics.lakehouse.local;

import io.metrics.lakehouse.local.component.IcebergCatalogTables;
import io.metrics.lakehouse.local.component.KafkaBroker;
import io.metrics.lakehouse.local.component.KafkaBroker.TopicSpec;
import io.metrics.lakehouse.local.component.ObjectStoreServer;
import io.metrics.lakehouse.local.component.PostgresServer;
import io.metrics.lakehouse.local.component.TrinoServer;
import io.metrics.lakehouse.local.process.JdkLocator;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole embedded default on one machine: PostgreSQL, an S3-compatible object store, a Kafka broker
 * and a Trino server, on 127.0.0.1, with all their data under one directory.
 *
 * <p>Start order: PostgreSQL, the object store and Kafka in parallel (they depend on nothing), then
 * their databases, bucket and topics, then Trino (whose Iceberg catalog needs the first two). Close
 * stops them in reverse order. A second start on the same directory reuses every byte of data; two
 * stacks on one directory are refused (a file lock).
 */
public final class LocalStack implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LocalStack.class);
    /** Trino 476 is compiled for Java 24. */
    private static final int TRINO_MIN_JAVA = 24;
    private static final String WAREHOUSE_BUCKET = "warehouse";

    private final StackEndpoints endpoints;
    private final Deque<AutoCloseable> running;
    private final FileChannel lockChannel;
    private final Duration startDuration;
    private final Thread shutdownHook;

    private LocalStack(StackEndpoints endpoints, Deque<AutoCloseable> running, FileChannel lockChannel,
                       Duration startDuration, Thread shutdownHook) {
        this.endpoints = endpoints;
        this.running = running;
        this.lockChannel = lockChannel;
        this.startDuration = startDuration;
        this.shutdownHook = shutdownHook;
    }

    public static LocalStack start(LocalStackConfig config) throws IOException {
        long begin = System.nanoTime();
        Path dataDir = config.dataDir();
        Files.createDirectories(dataDir);
        Path logs = dataDir.resolve("logs");
        Files.createDirectories(logs);
        FileChannel lockChannel = FileChannel.open(dataDir.resolve(".lock"),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock = lockChannel.tryLock();
        if (lock == null) {
            lockChannel.close();
            throw new IllegalStateException("another local stack is running on " + dataDir
                    + " (stop it, or choose another data directory)");
        }
        requireFreePorts(config);
        StackCredentials credentials = StackCredentials.loadOrCreate(dataDir);
        RuntimeArtifacts artifacts = RuntimeArtifacts.fromBuild();
        Path trinoJava = JdkLocator.locate(TRINO_MIN_JAVA, config.trinoJavaHome());

        Deque<AutoCloseable> running = new ArrayDeque<>();
        // From the first server on, a JVM exit (Ctrl-C, SIGTERM, System.exit) stops what has started,
        // even in the middle of the start.
        Thread shutdownHook = new Thread(() -> closeAll(running), "local-stack-stop");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        ExecutorService pool = Executors.newFixedThreadPool(3, r -> {
            Thread t = new Thread(r, "local-stack-start");
            t.setDaemon(true);
            return t;
        });
        try {
            CompletableFuture<PostgresServer> postgres = CompletableFuture.supplyAsync(() -> register(running,
                    () -> PostgresServer.start(dataDir.resolve("postgres"), config.postgresPort(),
                            credentials.postgresPassword(), logs.resolve("postgres.log"))), pool);
            CompletableFuture<ObjectStoreServer> objectStore = CompletableFuture.supplyAsync(() -> register(running,
                    () -> ObjectStoreServer.start(dataDir.resolve("s3"), artifacts.s3proxyJar(), config.s3Port(),
                            credentials.s3AccessKey(), credentials.s3SecretKey(), logs.resolve("s3proxy.log"))), pool);
            CompletableFuture<KafkaBroker> kafka = CompletableFuture.supplyAsync(() -> register(running,
                    () -> KafkaBroker.start(dataDir.resolve("kafka"), config.kafkaPort(),
                            config.kafkaControllerPort())), pool);
            CompletableFuture.allOf(postgres, objectStore, kafka).join();

            postgres.join().ensureDatabases(List.of(StackEndpoints.CATALOG_DATABASE,
                    StackEndpoints.CONTROL_PLANE_DATABASE));
            objectStore.join().ensureBucket(WAREHOUSE_BUCKET, credentials.s3AccessKey(), credentials.s3SecretKey(),
                    StackEndpoints.S3_REGION);
            kafka.join().ensureTopics(topics(config));

            StackEndpoints endpoints = new StackEndpoints(dataDir, config.postgresPort(), PostgresServer.SUPERUSER,
                    credentials.postgresPassword(), kafka.join().bootstrapServers(), objectStore.join().endpoint(),
                    credentials.s3AccessKey(), credentials.s3SecretKey(), WAREHOUSE_BUCKET, config.trinoPort());
            IcebergCatalogTables.ensure(StackEndpoints.ICEBERG_CATALOG, endpoints.icebergCatalogProperties());
            register(running, () -> TrinoServer.start(dataDir.resolve("trino"),
                    artifacts.trinoHome(), artifacts.trinoPluginDir(), trinoJava, config.trinoPort(),
                    config.trinoHeap(), trinoCatalog(endpoints), logs.resolve("trino.log")));

            Duration took = Duration.ofNanos(System.nanoTime() - begin);
            LOG.info("local stack up in {} ms", took.toMillis());
            return new LocalStack(endpoints, running, lockChannel, took, shutdownHook);
        } catch (RuntimeException | IOException e) {
            closeAll(running);
            removeHook(shutdownHook);
            lockChannel.close();
            Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            if (cause instanceof IOException io) {
                throw io;
            }
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw new IllegalStateException(cause);
        } finally {
            pool.shutdownNow();
        }
    }

    /** Fails fast, naming the port, rather than letting a server time out on a port someone else holds. */
    private static void requireFreePorts(LocalStackConfig config) throws IOException {
        Map<String, Integer> ports = new LinkedHashMap<>();
        ports.put("PostgreSQL", config.postgresPort());
        ports.put("S3Proxy", config.s3Port());
        ports.put("Kafka", config.kafkaPort());
        ports.put("the Kafka controller", config.kafkaControllerPort());
        ports.put("Trino", config.trinoPort());
        Map<Integer, String> byPort = new LinkedHashMap<>();
        for (Map.Entry<String, Integer> port : ports.entrySet()) {
            String other = byPort.putIfAbsent(port.getValue(), port.getKey());
            if (other != null) {
                throw new IllegalArgumentException("port " + port.getValue() + " is configured for both " + other
                        + " and " + port.getKey() + ": give each server its own port");
            }
            if (!FreePorts.isFree(port.getValue())) {
                throw new IOException("port " + port.getValue() + " on 127.0.0.1 (for " + port.getKey()
                        + ") is already in use: stop whatever holds it (another stack?) or choose another port");
            }
        }
    }

    /** The topics of the product, with explicit settings (a single broker: one replica, min ISR 1). */
    static List<TopicSpec> topics(LocalStackConfig config) {
        return List.of(
                new TopicSpec(StackEndpoints.POINTS_TOPIC, config.pointsTopicPartitions(), Map.of(
                        "retention.ms", Long.toString(Duration.ofDays(7).toMillis()),
                        "cleanup.policy", "delete",
                        "compression.type", "producer",
                        "max.message.bytes", Integer.toString(8 * 1024 * 1024),
                        "message.timestamp.type", "CreateTime",
                        "min.insync.replicas", "1")),
                new TopicSpec(StackEndpoints.DEAD_LETTER_TOPIC, 1, Map.of(
                        "retention.ms", Long.toString(Duration.ofDays(14).toMillis()),
                        "cleanup.policy", "delete",
                        "compression.type", "producer",
                        "max.message.bytes", Integer.toString(8 * 1024 * 1024),
                        "min.insync.replicas", "1")));
    }

    private static TrinoServer.IcebergCatalog trinoCatalog(StackEndpoints e) {
        return new TrinoServer.IcebergCatalog(StackEndpoints.ICEBERG_CATALOG,
                e.jdbcUrl(StackEndpoints.CATALOG_DATABASE), e.postgresUser(), e.postgresPassword(),
                e.warehouseLocation(), e.s3Endpoint(), e.s3Region(), e.s3AccessKey(), e.s3SecretKey());
    }

    public StackEndpoints endpoints() {
        return endpoints;
    }

    public Duration startDuration() {
        return startDuration;
    }

    @Override
    public void close() {
        closeAll(running);
        removeHook(shutdownHook);
        try {
            lockChannel.close();
        } catch (IOException e) {
            LOG.warn("releasing the data directory lock", e);
        }
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException alreadyShuttingDown) {
            // the hook is running or has run: nothing to remove
        }
    }

    private static void closeAll(Deque<AutoCloseable> running) {
        synchronized (running) {
            while (!running.isEmpty()) {
                AutoCloseable component = running.pop();
                try {
                    component.close();
                } catch (Exception e) {
                    LOG.warn("stopping {}", component.getClass().getSimpleName(), e);
                }
            }
        }
    }

    @FunctionalInterface
    private interface Starter<T> {
        T start() throws IOException;
    }

    private static <T extends AutoCloseable> T register(Deque<AutoCloseable> running, Starter<T> starter) {
        try {
            T component = starter.start();
            synchronized (running) {
                running.push(component);
            }
            return component;
        } catch (IOException e) {
            throw new CompletionException(e);
        }
    }
}
