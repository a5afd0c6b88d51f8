package io.metrics.lakehouse.batch;

import static org.apache.spark.sql.functions.lit;

import io.metrics.lakehouse.local.LocalStackExtension;
import io.metrics.lakehouse.local.StackEndpoints;
import io.metrics.lakehouse.schemas.IcebergCatalogs;
import io.metrics.lakehouse.schemas.TableManager;
import io.metrics.lakehouse.spark.SparkSessions;
import io.metrics.lakehouse.spark.TableRows;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.iceberg.catalog.Catalog;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import picocli.CommandLine;

/**
 * What the batch-jobs tests share: the product's tables on the local stack, a Spark session the CLI
 * reuses in-process, raw points written with Spark, the CLI run with captured output, Trino queries.
 */
final class BatchTestSupport {

    private BatchTestSupport() {
    }

    /**
     * The set-up every stack test of the CLI shares: the product's tables, the catalog properties file
     * and a Spark session the CLI reuses in-process, for the test class; the session stopped after it.
     * Register it after {@code @ExtendWith(LocalStackExtension.class)}, which starts the stack.
     */
    static final class SparkOnStack implements BeforeAllCallback, AfterAllCallback {

        private final String appName;
        private SparkSession spark;
        private Path catalogConfig;

        SparkOnStack(String appName) {
            this.appName = appName;
        }

        @Override
        public void beforeAll(ExtensionContext context) throws Exception {
            StackEndpoints stack = LocalStackExtension.endpoints();
            catalogConfig = BatchTestSupport.catalogConfig(stack);
            spark = BatchTestSupport.spark(stack, appName);
        }

        @Override
        public void afterAll(ExtensionContext context) {
            if (spark != null) {
                spark.stop();
            }
        }

        SparkSession spark() {
            return spark;
        }

        Path catalogConfig() {
            return catalogConfig;
        }
    }

    /** Creates the tables (idempotent) and writes the catalog properties file the CLI reads. */
    static Path catalogConfig(StackEndpoints stack) throws Exception {
        Catalog catalog = IcebergCatalogs.load(stack.icebergCatalogName(), stack.icebergCatalogProperties());
        TableManager.ensureAll(catalog);
        if (catalog instanceof AutoCloseable closeable) {
            closeable.close();
        }
        Properties props = new Properties();
        props.putAll(stack.icebergCatalogProperties());
        Path file = Files.createTempFile("catalog", ".properties");
        try (Writer w = Files.newBufferedWriter(file)) {
            props.store(w, null);
        }
        return file;
    }

    static SparkSession spark(StackEndpoints stack, String appName) {
        return SparkSessions.local(appName, stack.icebergCatalogName(), stack.icebergCatalogProperties());
    }

    /** Runs the CLI; stderr is echoed when the exit status is not 0. */
    static int run(Writer out, String... args) {
        StringWriter err = new StringWriter();
        int exit = run(out, err, args);
        if (exit != 0) {
            System.err.println(err);
        }
        return exit;
    }

    static int run(Writer out, Writer err, String... args) {
        CommandLine cli = new CommandLine(BatchJobsCli.class);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    /** Each row's columns joined by {@code |}, in result order. */
    static List<String> rows(Connection trino, String sql) throws Exception {
        try (Statement st = trino.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            List<String> out = new ArrayList<>();
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder line = new StringBuilder();
                for (int i = 1; i <= n; i++) {
                    line.append(i > 1 ? "|" : "").append(rs.getString(i));
                }
                out.add(line.toString());
            }
            return out;
        }
    }

    static void execute(Connection trino, String sql) throws Exception {
        try (Statement st = trino.createStatement()) {
            st.execute(sql);
        }
    }

    static Row point(String metric, String type, long seriesId, String ts, double value) {
        return RowFactory.create(metric, type, seriesId, Timestamp.from(Instant.parse(ts)), value);
    }

    /** Appends rows of (metric, metric_type, series_id, ts, value); other columns stay null. */
    static void appendRawPoints(SparkSession spark, List<Row> rows) {
        appendRawPoints(spark, rows, Map.of());
    }

    /**
     * Appends rows of (metric, metric_type, series_id, ts, value) with the given constant columns
     * (e.g. the gateway's batch_id and ingested_at); other columns stay null.
     */
    static void appendRawPoints(SparkSession spark, List<Row> rows, Map<String, Object> constants) {
        StructType given = new StructType(new StructField[] {
            DataTypes.createStructField("metric", DataTypes.StringType, false),
            DataTypes.createStructField("metric_type", DataTypes.StringType, true),
            DataTypes.createStructField("series_id", DataTypes.LongType, false),
            DataTypes.createStructField("ts", DataTypes.TimestampType, false),
            DataTypes.createStructField("value", DataTypes.DoubleType, false)});
        Dataset<Row> df = spark.createDataFrame(rows, given);
        String table = "iceberg.metrics.raw_points";
        for (Map.Entry<String, Object> constant : constants.entrySet()) {
            df = df.withColumn(constant.getKey(), lit(constant.getValue()));
        }
        try {
            TableRows.conform(df, table).writeTo(table).append();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
