package io.metrics.lakehouse.batch;

import io.metrics.lakehouse.schemas.MetricsTables;
import org.apache.iceberg.Table;
import org.apache.iceberg.spark.Spark3Util;
import org.apache.iceberg.spark.SparkWriteOptions;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.catalyst.analysis.NoSuchTableException;

/** A Spark session with the product's catalog, closed only by the command that started it. */
public final class BatchSession implements AutoCloseable {

    private final SparkSession spark;
    private final String catalogName;
    private final boolean owned;

    BatchSession(SparkSession spark, String catalogName, boolean owned) {
        this.spark = spark;
        this.catalogName = catalogName;
        this.owned = owned;
    }

    public SparkSession spark() {
        return spark;
    }

    /** {@code iceberg.metrics.<name>}: the name Spark SQL knows the table by. */
    public String tableName(String name) {
        return catalogName + "." + MetricsTables.NAMESPACE + "." + name;
    }

    /** The Iceberg table itself, freshly loaded (current metadata). */
    public Table icebergTable(String name) {
        try {
            Table table = Spark3Util.loadIcebergTable(spark, tableName(name));
            table.refresh();
            return table;
        } catch (Exception e) {
            throw new IllegalStateException("cannot load table " + tableName(name) + ": " + e.getMessage(), e);
        }
    }

    /**
     * Replaces the rows of {@code table} matching {@code condition} with {@code sortedRows}, in one commit.
     * The caller has sorted the rows in the table's sort order: they are written as they
     * are (no distribution: no sampling pass and no second shuffle). Nullability is not checked against
     * the table's required columns because Spark types computed columns (date_trunc...) as nullable;
     * the rows of a rollup have them from non-null group keys.
     *
     * <p>{@code readSnapshotId}: the snapshot of {@code table} that some of {@code sortedRows} were read
     * from (rows carried over), or null. Given, the commit fails if another commit since then added or
     * deleted rows matching {@code condition} (serializable isolation): carrying over rows read before a
     * concurrent writer's commit would silently undo it.
     */
    public void overwriteSorted(Dataset<Row> sortedRows, String table, Column condition, Long readSnapshotId) {
        try {
            var writer = sortedRows.writeTo(table)
                    .option(SparkWriteOptions.DISTRIBUTION_MODE, "none")
                    .option(SparkWriteOptions.CHECK_NULLABILITY, "false");
            if (readSnapshotId != null) {
                writer = writer.option(SparkWriteOptions.ISOLATION_LEVEL, "serializable")
                        .option(SparkWriteOptions.VALIDATE_FROM_SNAPSHOT_ID, readSnapshotId.toString());
            }
            writer.overwrite(condition);
        } catch (NoSuchTableException e) {
            throw new IllegalStateException("table " + table + " does not exist (create the tables first)", e);
        }
    }

    public void append(Dataset<Row> rows, String table) {
        try {
            rows.writeTo(table).append();
        } catch (NoSuchTableException e) {
            throw new IllegalStateException("table " + table + " does not exist (create the tables first)", e);
        }
    }

    @Override
    public void close() {
        if (owned) {
            spark.stop();
        }
    }
}
