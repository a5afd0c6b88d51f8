package io.metrics.lakehouse.batch;

import io.metrics.lakehouse.schemas.IcebergCatalogs;
import io.metrics.lakehouse.spark.SparkSessions;
import java.nio.file.Path;
import java.util.Map;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Option;

/** The options every Spark subcommand shares with {@code check}: where the catalog is, where Spark runs. */
public final class SparkJobOptions {

    @Option(names = "--catalog-config", required = true,
            description = "Properties file with the Iceberg catalog properties (type, uri, warehouse, s3.*, ...).")
    Path catalogConfig;

    @Option(names = "--local", description = "Run Spark in local mode on this machine (default: spark-submit decides).")
    boolean local;

    /** The catalog's name inside Spark (tables are {@code iceberg.metrics.<table>}). */
    public String catalogName() {
        return IcebergCatalogs.DEFAULT_NAME;
    }

    /**
     * A session for one command. A session that already runs in this JVM (the embedded default, tests)
     * is reused and left running; only a session this command started is stopped at close.
     */
    public BatchSession open(String appName) {
        boolean existed = SparkSession.getDefaultSession().isDefined();
        Map<String, String> properties = IcebergCatalogs.readProperties(catalogConfig);
        SparkSession spark = local
                ? SparkSessions.local(appName, catalogName(), properties)
                : SparkSessions.cluster(appName, catalogName(), properties);
        return new BatchSession(spark, catalogName(), !existed);
    }
}
