package io.metrics.lakehouse.spark;

import io.metrics.lakehouse.schemas.IcebergCatalogs;
import io.metrics.lakehouse.schemas.MetricsTables;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code check}: the Spark applications' health check. Opens the product's catalog through Spark and
 * reports, for every product table, its row count and current snapshot; exits 1 with the reason when
 * the catalog or a table cannot be read. Shared by speed-layer and batch-jobs as a subcommand.
 */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Check that Spark reaches the Iceberg catalog and every product table.")
public final class CatalogCheckCommand implements Callable<Integer> {

    @Option(names = "--catalog-config", required = true,
            description = "Properties file with the Iceberg catalog properties (type, uri, warehouse, s3.*, ...).")
    Path catalogConfig;

    @Option(names = "--local", description = "Run Spark in local mode on this machine (default: spark-submit decides).")
    boolean local;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /** One table's state as Spark sees it. */
    public record TableState(String table, long rows, String snapshotId) {
        @Override
        public String toString() {
            return table + " rows=" + rows + " snapshot=" + snapshotId;
        }
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        SparkSession spark = null;
        try {
            var properties = IcebergCatalogs.readProperties(catalogConfig);
            String catalog = IcebergCatalogs.DEFAULT_NAME;
            spark = local
                    ? SparkSessions.local("check", catalog, properties)
                    : SparkSessions.cluster("check", catalog, properties);
            for (TableState state : check(spark, catalog)) {
                out.println(state);
            }
            out.flush();
            return 0;
        } catch (RuntimeException e) {
            err.println("check failed: " + e.getMessage());
            err.flush();
            return 1;
        } finally {
            if (spark != null) {
                spark.stop();
            }
        }
    }

    /** Reads every product table through Spark. */
    public static List<TableState> check(SparkSession spark, String catalog) {
        return MetricsTables.TABLE_NAMES.stream().map(name -> {
            String table = catalog + "." + MetricsTables.NAMESPACE + "." + name;
            long rows = spark.table(table).count();
            List<Row> snapshots = spark.sql("SELECT snapshot_id FROM " + table
                    + ".snapshots ORDER BY committed_at DESC LIMIT 1").collectAsList();
            String snapshot = snapshots.isEmpty() ? "none" : Long.toString(snapshots.get(0).getLong(0));
            return new TableState(MetricsTables.NAMESPACE + "." + name, rows, snapshot);
        }).toList();
    }
}
