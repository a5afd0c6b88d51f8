package io.metrics.lakehouse.local;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Settings of a {@link LocalStack}: where its data lives and which ports it takes on 127.0.0.1.
 * Immutable; build with {@link #builder()}. {@link #defaults()} is the launcher's fixed layout,
 * {@link #forTests(Path)} picks free ports so tests never collide with a running launcher.
 */
public final class LocalStackConfig {

    public static final int DEFAULT_TRINO_PORT = 8080;
    public static final int DEFAULT_KAFKA_PORT = 9092;
    public static final int DEFAULT_KAFKA_CONTROLLER_PORT = 9093;
    public static final int DEFAULT_S3_PORT = 9000;
    public static final int DEFAULT_POSTGRES_PORT = 15432;

    private final Path dataDir;
    private final int postgresPort;
    private final int s3Port;
    private final int kafkaPort;
    private final int kafkaControllerPort;
    private final int trinoPort;
    private final int pointsTopicPartitions;
    private final String trinoHeap;
    private final Optional<Path> trinoJavaHome;

    private LocalStackConfig(Builder b) {
        this.dataDir = b.dataDir.toAbsolutePath().normalize();
        this.postgresPort = resolvePort(b.postgresPort);
        this.s3Port = resolvePort(b.s3Port);
        this.kafkaPort = resolvePort(b.kafkaPort);
        this.kafkaControllerPort = resolvePort(b.kafkaControllerPort);
        this.trinoPort = resolvePort(b.trinoPort);
        this.pointsTopicPartitions = b.pointsTopicPartitions;
        this.trinoHeap = b.trinoHeap;
        this.trinoJavaHome = Optional.ofNullable(b.trinoJavaHome);
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The launcher's layout: {@code ./data} and the documented fixed ports. */
    public static LocalStackConfig defaults() {
        return builder().build();
    }

    /** A stack under {@code dataDir} on free ports (port 0 = pick one at start). */
    public static LocalStackConfig forTests(Path dataDir) {
        return builder()
                .dataDir(dataDir)
                .postgresPort(0)
                .s3Port(0)
                .kafkaPort(0)
                .kafkaControllerPort(0)
                .trinoPort(0)
                .trinoHeap("1536m")
                .build();
    }

    public Path dataDir() {
        return dataDir;
    }

    public int postgresPort() {
        return postgresPort;
    }

    public int s3Port() {
        return s3Port;
    }

    public int kafkaPort() {
        return kafkaPort;
    }

    public int kafkaControllerPort() {
        return kafkaControllerPort;
    }

    public int trinoPort() {
        return trinoPort;
    }

    public int pointsTopicPartitions() {
        return pointsTopicPartitions;
    }

    /** Maximum heap of the Trino server JVM, in java's -Xmx syntax. */
    public String trinoHeap() {
        return trinoHeap;
    }

    /** A JDK 24+ for Trino; empty means: look it up (see {@code JdkLocator}). */
    public Optional<Path> trinoJavaHome() {
        return trinoJavaHome;
    }

    private static int resolvePort(int port) {
        return port != 0 ? port : FreePorts.next();
    }

    public static final class Builder {
        private Path dataDir = Path.of("data");
        private int postgresPort = DEFAULT_POSTGRES_PORT;
        private int s3Port = DEFAULT_S3_PORT;
        private int kafkaPort = DEFAULT_KAFKA_PORT;
        private int kafkaControllerPort = DEFAULT_KAFKA_CONTROLLER_PORT;
        private int trinoPort = DEFAULT_TRINO_PORT;
        private int pointsTopicPartitions = 4;
        private String trinoHeap = "2g";
        private Path trinoJavaHome;

        private Builder() {
        }

        public Builder dataDir(Path dataDir) {
            this.dataDir = Objects.requireNonNull(dataDir);
            return this;
        }

        public Builder postgresPort(int port) {
            this.postgresPort = port;
            return this;
        }

        public Builder s3Port(int port) {
            this.s3Port = port;
            return this;
        }

        public Builder kafkaPort(int port) {
            this.kafkaPort = port;
            return this;
        }

        public Builder kafkaControllerPort(int port) {
            this.kafkaControllerPort = port;
            return this;
        }

        public Builder trinoPort(int port) {
            this.trinoPort = port;
            return this;
        }

        public Builder pointsTopicPartitions(int partitions) {
            if (partitions < 1) {
                throw new IllegalArgumentException("points topic partitions must be >= 1, got " + partitions);
            }
            this.pointsTopicPartitions = partitions;
            return this;
        }

        public Builder trinoHeap(String heap) {
            this.trinoHeap = Objects.requireNonNull(heap);
            return this;
        }

        public Builder trinoJavaHome(Path javaHome) {
            this.trinoJavaHome = javaHome;
            return this;
        }

        public LocalStackConfig build() {
            return new LocalStackConfig(this);
        }
    }
}
