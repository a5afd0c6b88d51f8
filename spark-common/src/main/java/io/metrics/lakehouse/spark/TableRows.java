package io.metrics.lakehouse.spark;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructField;

/**
 * Rows shaped for a write into a table as it is, not as today's definition says it is.
 *
 * <p>Columns are never dropped from a product table ({@code TableManager}), so a table created by an
 * older version can have a column the definition no longer has (the {@code tags} of the point and
 * rollup tables, which moved to {@code series}). A plain append by name fills such a nullable column
 * with null by itself, but a union with rows read from the table (a rollup carrying a partition's other
 * rows over) needs the same columns on both sides, and a MERGE's {@code UPDATE SET *} / {@code INSERT *}
 * name the target's columns: there the rows are conformed, the retired column null.
 */
public final class TableRows {

    private TableRows() {
    }

    /** {@code rows} with the columns of {@code table}, in its order; a column they lack is null. */
    public static Dataset<Row> conform(Dataset<Row> rows, String table) {
        Set<String> present = Arrays.stream(rows.columns()).collect(Collectors.toSet());
        StructField[] fields = rows.sparkSession().table(table).schema().fields();
        Column[] columns = Arrays.stream(fields)
                .map(f -> present.contains(f.name()) ? col(f.name()) : lit(null).cast(f.dataType()).as(f.name()))
                .toArray(Column[]::new);
        return rows.select(columns);
    }
}
