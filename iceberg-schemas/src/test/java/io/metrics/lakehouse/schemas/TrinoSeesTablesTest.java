package io.metrics.lakehouse.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.metrics.lakehouse.local.LocalStackExtension;
import io.metrics.lakehouse.local.StackEndpoints;
import io.metrics.lakehouse.schemas.EnsureResult.Status;

import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The product tables in namespace {@code metrics}, created through the same JDBC catalog Trino
 * reads, are visible and typed as expected in Trino.
 */
@ExtendWith(LocalStackExtension.class)
class TrinoSeesTablesTest {

    private static StackEndpoints stack;

    @BeforeAll
    static void applyProductTables(StackEndpoints endpoints) {
        stack = endpoints;
        Catalog catalog = TestCatalogs.open(endpoints);
        try {
            // The real namespace: another class of this JVM may have created the tables already.
            for (EnsureResult result : TableManager.ensureAll(catalog)) {
                assertTrue(
                        Set.of(Status.CREATED, Status.UNCHANGED).contains(result.status()),
                        result.toString());
            }
        } finally {
            TestCatalogs.close(catalog);
        }
    }

    @AfterAll
    static void forget() {
        stack = null;
    }

    @Test
    void showTablesListsTheSixTables() throws SQLException {
        assertEquals(
                List.of(
                        "raw_points",
                        "rollup_1h",
                        "rollup_1m",
                        "rollup_partition_log",
                        "series",
                        "speed_rollup_1m"),
                column(query("SHOW TABLES FROM iceberg.metrics"), 1));
    }

    @Test
    void describeRawPointsShowsTheColumnsWithTrinoTypesAndDocs() throws SQLException {
        List<List<String>> rows = query("DESCRIBE iceberg.metrics.raw_points");
        assertEquals(
                List.of(
                        List.of("metric", "varchar"),
                        List.of("metric_type", "varchar"),
                        List.of("series_id", "bigint"),
                        List.of("ts", "timestamp(6) with time zone"),
                        List.of("value", "double"),
                        List.of("ingested_at", "timestamp(6) with time zone"),
                        List.of("source", "varchar"),
                        List.of("batch_id", "varchar")),
                rows.stream()
                        .map(r -> r.subList(0, 2))
                        .collect(java.util.stream.Collectors.toList()));

        List<String> docs =
                MetricsTables.defaults().rawPoints().schema().columns().stream()
                        .map(Types.NestedField::doc)
                        .collect(java.util.stream.Collectors.toList());
        assertEquals(docs, column(rows, 4));
    }

    @Test
    void describeRollupShowsTheSketchAsVarbinary() throws SQLException {
        List<List<String>> rows = query("DESCRIBE iceberg.metrics.rollup_1m");
        assertEquals(
                List.of(
                        "metric varchar",
                        "metric_type varchar",
                        "series_id bigint",
                        "bucket_start timestamp(6) with time zone",
                        "count bigint",
                        "sum double",
                        "min double",
                        "max double",
                        "first double",
                        "last double",
                        "first_ts timestamp(6) with time zone",
                        "last_ts timestamp(6) with time zone",
                        "counter_increase double",
                        "sketch varbinary"),
                rows.stream()
                        .map(r -> r.get(0) + " " + r.get(1))
                        .collect(java.util.stream.Collectors.toList()));
    }

    @Test
    void trinoReadsTheTablesAndTheirProperties() throws SQLException {
        assertEquals(
                List.of(List.of("0")), query("SELECT count(*) FROM iceberg.metrics.raw_points"));
        assertEquals(
                List.of(List.of("P7D")),
                query(
                        "SELECT value FROM iceberg.metrics.\"raw_points$properties\""
                                + " WHERE key = 'metrics.retention-period'"));
        assertEquals(
                List.of(List.of("Authoritative hourly rollups (batch, built from rollup_1m)")),
                query(
                        "SELECT comment FROM system.metadata.table_comments"
                                + " WHERE catalog_name = 'iceberg' AND schema_name = 'metrics'"
                                + " AND table_name = 'rollup_1h'"));
    }

    private static List<List<String>> query(String sql) throws SQLException {
        try (Connection connection =
                        DriverManager.getConnection(stack.trinoJdbcUrl(), stack.trinoUser(), null);
                Statement statement = connection.createStatement();
                ResultSet resultSet = statement.executeQuery(sql)) {
            int columns = resultSet.getMetaData().getColumnCount();
            List<List<String>> rows = new ArrayList<>();
            while (resultSet.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= columns; i++) {
                    row.add(resultSet.getString(i));
                }
                rows.add(row);
            }
            return rows;
        }
    }

    private static List<String> column(List<List<String>> rows, int oneBased) {
        List<String> values = new ArrayList<>();
        rows.forEach(r -> values.add(r.get(oneBased - 1)));
        return values;
    }
}
