package io.metrics.lakehouse.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.metrics.lakehouse.local.LocalStackExtension;
import io.metrics.lakehouse.local.StackEndpoints;
import io.metrics.lakehouse.schemas.EnsureResult.Status;
import io.metrics.lakehouse.schemas.IcebergCatalogs;
import io.metrics.lakehouse.schemas.MetricsTables;
import io.metrics.lakehouse.schemas.RetentionPolicy;
import io.metrics.lakehouse.schemas.TableDefinition;
import io.metrics.lakehouse.schemas.TableManager;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.iceberg.Schema;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.types.Types;
import org.apache.spark.sql.AnalysisException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@link TableRows#conform} against a table created before tags moved to {@code series}: today's rows
 * (no tags) take the old table's shape, its retired {@code tags} column null, so that they union with
 * the rows read from it (which a rollup carrying a partition's other rows over does).
 */
@ExtendWith(LocalStackExtension.class)
class TableRowsTest {

    private static SparkSession spark;
    private static Catalog catalog;

    @BeforeAll
    static void start() {
        StackEndpoints stack = LocalStackExtension.endpoints();
        catalog = IcebergCatalogs.load(stack.icebergCatalogName(), stack.icebergCatalogProperties());
        spark = SparkSessions.local("table-rows-test", stack.icebergCatalogName(), stack.icebergCatalogProperties());
    }

    @AfterAll
    static void stop() throws Exception {
        if (spark != null) {
            spark.stop();
        }
        if (catalog instanceof AutoCloseable closeable) {
            closeable.close();
        }
    }

    @Test
    void todaysRowsUnionWithTheRowsOfATableThatStillHasTags() throws Exception {
        Namespace namespace = Namespace.of("upgrade_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8));
        TableDefinition current = MetricsTables.of(namespace, RetentionPolicy.defaults()).rawPoints();
        List<Types.NestedField> columns = new ArrayList<>(current.schema().columns());
        int next = current.schema().highestFieldId() + 1;
        columns.add(3, Types.NestedField.optional(next, "tags", Types.MapType.ofOptional(next + 1, next + 2,
                Types.StringType.get(), Types.StringType.get())));
        assertEquals(Status.CREATED, TableManager.ensure(catalog,
                current.toBuilder().schema(new Schema(columns)).build()).status());
        assertEquals(Status.UNCHANGED, TableManager.ensure(catalog, current).status());

        String table = "iceberg." + namespace + ".raw_points";
        // A row written before the move, with its tags.
        StructType before = new StructType()
                .add("metric", DataTypes.StringType, false)
                .add("series_id", DataTypes.LongType, false)
                .add("tags", DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType), true)
                .add("ts", DataTypes.TimestampType, false)
                .add("value", DataTypes.DoubleType, false);
        spark.createDataFrame(List.of(RowFactory.create("m.cpu", 6L,
                scala.jdk.javaapi.CollectionConverters.asScala(java.util.Map.of("host", "a")),
                Timestamp.from(Instant.parse("2026-11-20T10:00:00Z")), 0.5)), before).writeTo(table).append();

        StructType today = new StructType()
                .add("metric", DataTypes.StringType, false)
                .add("metric_type", DataTypes.StringType, true)
                .add("series_id", DataTypes.LongType, false)
                .add("ts", DataTypes.TimestampType, false)
                .add("value", DataTypes.DoubleType, false);
        Dataset<Row> fresh = spark.createDataFrame(List.of(RowFactory.create("m.cpu", "gauge", 7L,
                Timestamp.from(Instant.parse("2026-11-20T10:00:05Z")), 1.5)), today);
        // What a rollup does when it carries a partition's other rows over: a union with the table's rows.
        assertThrows(AnalysisException.class, () -> fresh.unionByName(spark.table(table)).collect());
        Dataset<Row> union = TableRows.conform(fresh, table).unionByName(spark.table(table));
        assertEquals(List.of("metric", "metric_type", "series_id", "tags", "ts", "value", "ingested_at", "source",
                "batch_id"), List.of(union.columns()));
        List<String> read = union.orderBy("ts").collectAsList().stream()
                .map(r -> r.getAs("metric") + "|" + r.getAs("series_id") + "|" + r.getAs("tags") + "|"
                        + r.<Timestamp>getAs("ts").toInstant() + "|" + r.getAs("value"))
                .toList();
        assertEquals(List.of("m.cpu|6|Map(host -> a)|2026-11-20T10:00:00Z|0.5",
                "m.cpu|7|null|2026-11-20T10:00:05Z|1.5"), read);
    }
}
