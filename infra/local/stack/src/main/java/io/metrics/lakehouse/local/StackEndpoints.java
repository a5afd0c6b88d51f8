package io.metrics.lakehouse.local;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * How to reach every server of a running {@link LocalStack}. Everything listens on 127.0.0.1.
 *
 * <p>The Iceberg catalog is a JDBC catalog in PostgreSQL database {@value #CATALOG_DATABASE} with its
 * warehouse in the object store; Spark, Trino and our own services all see the same catalog under
 * the name {@value #ICEBERG_CATALOG} (the JDBC catalog stores that name in every row, so it must match).
 */
public record StackEndpoints(
        Path dataDir,
        int postgresPort,
        String postgresUser,
        String postgresPassword,
        String kafkaBootstrapServers,
        String s3Endpoint,
        String s3AccessKey,
        String s3SecretKey,
        String warehouseBucket,
        int trinoPort) {

    /** Database of the Iceberg JDBC catalog. */
    public static final String CATALOG_DATABASE = "iceberg_catalog";
    /** Database of the control plane (metric registry, alert rules, alert state, ...). */
    public static final String CONTROL_PLANE_DATABASE = "metrics";
    /** Name of the Iceberg catalog in Spark, Trino and the services. */
    public static final String ICEBERG_CATALOG = "iceberg";
    /** Iceberg namespace (Trino schema) of the product's tables. */
    public static final String METRICS_NAMESPACE = "metrics";
    /** The object store's region; S3Proxy accepts any, the AWS SDK insists on one. */
    public static final String S3_REGION = "us-east-1";
    /** Kafka topic of accepted points. */
    public static final String POINTS_TOPIC = "metrics.points.v1";
    /** Kafka topic of rejected points, with the reason. */
    public static final String DEAD_LETTER_TOPIC = "metrics.deadletter.v1";

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + postgresPort + "/" + database;
    }

    public String s3Region() {
        return S3_REGION;
    }

    public String warehouseLocation() {
        return "s3://" + warehouseBucket + "/";
    }

    public String icebergCatalogName() {
        return ICEBERG_CATALOG;
    }

    /**
     * Standard Iceberg catalog properties (what {@code CatalogUtil.buildIcebergCatalog} and Spark's
     * {@code spark.sql.catalog.iceberg.*} take) for the stack's catalog: JDBC catalog, S3FileIO on the
     * object store.
     */
    public Map<String, String> icebergCatalogProperties() {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("type", "jdbc");
        props.put("uri", jdbcUrl(CATALOG_DATABASE));
        props.put("jdbc.user", postgresUser);
        props.put("jdbc.password", postgresPassword);
        // V1 catalog tables (with views); Trino's JDBC catalog upgrades to V1 too, so every client agrees.
        props.put("jdbc.schema-version", "V1");
        props.put("warehouse", warehouseLocation());
        props.put("io-impl", "org.apache.iceberg.aws.s3.S3FileIO");
        props.put("s3.endpoint", s3Endpoint);
        props.put("s3.path-style-access", "true");
        props.put("s3.access-key-id", s3AccessKey);
        props.put("s3.secret-access-key", s3SecretKey);
        props.put("client.region", S3_REGION);
        return Map.copyOf(props);
    }

    public String trinoHttpUrl() {
        return "http://127.0.0.1:" + trinoPort;
    }

    /** Trino JDBC URL without a default catalog; qualify tables as {@code iceberg.metrics.<table>}. */
    public String trinoJdbcUrl() {
        return "jdbc:trino://127.0.0.1:" + trinoPort;
    }

    /** Trino runs without authentication locally; the user only names the caller in query history. */
    public String trinoUser() {
        return "metrics";
    }

    /** One line per endpoint, for the launcher's start-up summary and test logs. */
    public String describe() {
        return String.join(System.lineSeparator(),
                "  data directory   " + dataDir.toAbsolutePath(),
                "  PostgreSQL       " + jdbcUrl(CONTROL_PLANE_DATABASE) + "  (catalog db: " + CATALOG_DATABASE
                        + ", user " + postgresUser + ")",
                "  S3 (S3Proxy)     " + s3Endpoint + "  bucket " + warehouseBucket + "  (keys in "
                        + dataDir.resolve(StackCredentials.FILE_NAME).toAbsolutePath() + ")",
                "  Kafka            " + kafkaBootstrapServers + "  topics " + POINTS_TOPIC + ", " + DEAD_LETTER_TOPIC,
                "  Trino            " + trinoHttpUrl() + "  JDBC " + trinoJdbcUrl() + "  catalog "
                        + ICEBERG_CATALOG + ", schema " + METRICS_NAMESPACE);
    }
}
