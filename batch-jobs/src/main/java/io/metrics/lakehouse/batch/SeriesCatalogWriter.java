package io.metrics.lakehouse.batch;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.first;
import static org.apache.spark.sql.functions.min;

import io.metrics.lakehouse.schemas.MetricsTables;
import io.metrics.lakehouse.schemas.MetricsTables.Columns;
import java.util.UUID;
import org.apache.iceberg.exceptions.CommitFailedException;
import org.apache.iceberg.exceptions.ValidationException;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Adds the series of a 1-minute rollup run that the {@code series} table does not hold yet, so that
 * every series of an hour logged complete is in {@code series} exactly once (queries over the
 * authoritative rollups read tags from there).
 *
 * <p>One {@code MERGE INTO series ... WHEN NOT MATCHED THEN INSERT}. It also has a {@code WHEN MATCHED}
 * clause (an earlier {@code first_seen}, which a backfill of older hours finds), and that clause is
 * what makes duplicates impossible: a MERGE with only a NOT MATCHED clause is rewritten by Spark into
 * an anti-join and a plain append, which validates nothing, so two runs committing concurrently (the
 * hourly DAG and a backfill) would both insert a new series. A row-level MERGE commits under the table's
 * serializable isolation: the commit fails with a {@link ValidationException} when another commit added
 * data files since the snapshot the MERGE read; then the MERGE is run again against the new snapshot,
 * where the other run's series match.
 */
final class SeriesCatalogWriter {

    /** Attempts of one MERGE: a conflict needs another run committing series in the same seconds. */
    static final int ATTEMPTS = 5;

    private static final Logger LOG = LoggerFactory.getLogger(SeriesCatalogWriter.class);

    private final BatchSession session;

    SeriesCatalogWriter(BatchSession session) {
        this.session = session;
    }

    /**
     * Adds the series of these rollup rows (columns metric, metric_type, series_id, tags, bucket_start)
     * that are missing from {@code series}; lowers {@code first_seen} of those that are there with a
     * later one.
     */
    void addNew(Dataset<Row> rollupRows) {
        // A series id is a hash of metric + sorted tags: within one id they are all the same.
        Dataset<Row> series = rollupRows.groupBy(col(Columns.METRIC), col(Columns.SERIES_ID))
                .agg(first(col(Columns.METRIC_TYPE)).as(Columns.METRIC_TYPE),
                        first(col(Columns.TAGS)).as(Columns.TAGS),
                        min(col(Columns.BUCKET_START)).as(Columns.FIRST_SEEN));
        String view = "new_series_" + UUID.randomUUID().toString().replace("-", "");
        series.createOrReplaceTempView(view);
        try {
            if (session.spark().table(view).isEmpty()) {
                return;
            }
            mergeWithRetries(view);
        } finally {
            session.spark().catalog().dropTempView(view);
        }
    }

    private void mergeWithRetries(String view) {
        for (int attempt = 1; ; attempt++) {
            // The catalog caches loaded tables: load the current snapshot, the one the MERGE validates from.
            session.icebergTable(MetricsTables.SERIES);
            try {
                session.spark().sql(mergeSql(view));
                return;
            } catch (RuntimeException e) {
                if (attempt >= ATTEMPTS || !isConflict(e)) {
                    throw e;
                }
                LOG.warn("MERGE INTO series conflicted with a concurrent commit (attempt {} of {}), retrying: {}",
                        attempt, ATTEMPTS, e.getMessage());
            }
        }
    }

    private String mergeSql(String view) {
        return "MERGE INTO " + session.tableName(MetricsTables.SERIES) + " t USING " + view + " s"
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
    static boolean isConflict(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof ValidationException || t instanceof CommitFailedException) {
                return true;
            }
        }
        return false;
    }
}
