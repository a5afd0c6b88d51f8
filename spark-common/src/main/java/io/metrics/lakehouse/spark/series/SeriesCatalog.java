package io.metrics.lakehouse.spark.series;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.min;

import io.metrics.lakehouse.schemas.MetricsTables.Columns;
import java.util.UUID;
import org.apache.iceberg.Table;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.ValidationException;
import org.apache.iceberg.spark.Spark3Util;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code series} table as its writers see it: one row per (metric, series id) with the series'
 * type, tags and first point time. The speed layer registers a series here before it commits the
 * series' first points, and the 1-minute rollup registers what it rolls up, so that every series of
 * {@code raw_points} and of the rollups is in {@code series} exactly once (readers take tags from here).
 *
 * <p>{@link #register} first drops the candidates the table already holds with a first_seen no later
 * than theirs (a scan of two columns, cheap: after warm-up almost every micro-batch stops here). What
 * is left goes into one {@code MERGE INTO series ... WHEN NOT MATCHED THEN INSERT}. The MERGE also has a
 * {@code WHEN MATCHED} clause (an earlier {@code first_seen}, which a backfill of older hours finds),
 * and that clause is what makes duplicates impossible: a MERGE with only a NOT MATCHED clause is
 * rewritten by Spark into an anti-join and a plain append, which validates nothing, so two writers
 * committing concurrently (the speed layer and a backfill) would both insert a new series. A row-level
 * MERGE commits under the table's serializable isolation: the commit fails with a {@link
 * ValidationException} when another commit added data files since the snapshot the MERGE read; then
 * the MERGE is run again against the new snapshot, where the other writer's series match.
 */
public final class SeriesCatalog {

    /** Attempts of one MERGE: a conflict needs another writer committing series in the same seconds. */
    public static final int ATTEMPTS = 5;

    private static final Logger LOG = LoggerFactory.getLogger(SeriesCatalog.class);

    private final SparkSession spark;
    private final String table;

    /** {@code table}: the series table's name in the session ({@code iceberg.metrics.series}). */
    public SeriesCatalog(SparkSession spark, String table) {
        this.spark = spark;
        this.table = table;
    }

    /**
     * The series of these rows, one per (metric, series id), in the {@code series} table's columns:
     * {@code timeColumn} gives first_seen; the rows need metric, metric_type, series_id and tags.
     */
    public static Dataset<Row> seriesOf(Dataset<Row> rows, String timeColumn) {
        // A series id is a hash of metric + sorted tags: within one id they are all the same.
        return rows.groupBy(col(Columns.METRIC), col(Columns.SERIES_ID))
                .agg(first(col(Columns.METRIC_TYPE)).as(Columns.METRIC_TYPE),
                        first(col(Columns.TAGS)).as(Columns.TAGS),
                        min(col(timeColumn)).as(Columns.FIRST_SEEN));
    }

    /**
     * Adds the series (rows of {@link #seriesOf}) that the table does not hold, and lowers
     * {@code first_seen} of those it holds with a later one. Returns how many series went into the
     * MERGE (0: all were there already).
     */
    public long register(Dataset<Row> series) {
        // The catalog caches loaded tables: without a refresh, series another writer (or our last
        // call) added would look missing and go through the MERGE again.
        refresh();
        Dataset<Row> known = spark.table(table).select(col(Columns.METRIC), col(Columns.SERIES_ID),
                col(Columns.FIRST_SEEN).as("known_first_seen"));
        Column seenNoLater = col("c." + Columns.METRIC).equalTo(col("k." + Columns.METRIC))
                .and(col("c." + Columns.SERIES_ID).equalTo(col("k." + Columns.SERIES_ID)))
                .and(col("k.known_first_seen").leq(col("c." + Columns.FIRST_SEEN)));
        Dataset<Row> missing = series.as("c").join(known.as("k"), seenNoLater, "left_anti");
        String view = "new_series_" + UUID.randomUUID().toString().replace("-", "");
        missing.createOrReplaceTempView(view);
        try {
            long count = spark.table(view).count();
            if (count > 0) {
                mergeWithRetries(view);
            }
            return count;
        } finally {
            spark.catalog().dropTempView(view);
        }
    }

    private void mergeWithRetries(String view) {
        for (int attempt = 1; ; attempt++) {
            if (attempt > 1) {
                refresh(); // the snapshot the next MERGE validates from
            }
            try {
                spark.sql(mergeSql(view));
                return;
            } catch (RuntimeException e) {
                if (attempt >= ATTEMPTS || !isConflict(e)) {
                    throw e;
                }
                LOG.warn("MERGE INTO {} conflicted with a concurrent commit (attempt {} of {}), retrying: {}",
                        table, attempt, ATTEMPTS, e.getMessage());
            }
        }
    }

    private void refresh() {
        try {
            Table loaded = Spark3Util.loadIcebergTable(spark, table);
            loaded.refresh();
        } catch (Exception e) {
            throw new IllegalStateException("cannot load table " + table + ": " + e.getMessage(), e);
        }
    }

    private String mergeSql(String view) {
        return "MERGE INTO " + table + " t USING " + view + " s"
                // The metric too: queries join series of one metric, and a series id is only meant to be
                // unique with its metric (a hash of metric and tags).
                + " ON t." + Columns.METRIC + " = s." + Columns.METRIC + " AND t." + Columns.SERIES_ID + " = s." + Columns.SERIES_ID
                + " WHEN MATCHED AND s." + Columns.FIRST_SEEN + " < t." + Columns.FIRST_SEEN
                + " THEN UPDATE SET " + Columns.FIRST_SEEN + " = s." + Columns.FIRST_SEEN
                + " WHEN NOT MATCHED THEN INSERT (" + Columns.METRIC + ", " + Columns.SERIES_ID + ", "
                + Columns.METRIC_TYPE + ", " + Columns.TAGS + ", " + Columns.FIRST_SEEN + ") VALUES (s."
                + Columns.METRIC + ", s." + Columns.SERIES_ID + ", s." + Columns.METRIC_TYPE + ", s."
                + Columns.TAGS + ", s." + Columns.FIRST_SEEN + ")";
    }

    /** Spark wraps the commit's exception: look for Iceberg's through the causes. */
    public static boolean isConflict(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ValidationException || t instanceof CommitFailedException) {
                return true;
            }
        }
        return false;
    }
}
