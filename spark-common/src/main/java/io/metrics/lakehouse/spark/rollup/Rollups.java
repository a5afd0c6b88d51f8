package io.metrics.lakehouse.spark.rollup;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_trunc;
import static org.apache.spark.sql.functions.expr;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.timestamp_micros;
import static org.apache.spark.sql.functions.udaf;
import static org.apache.spark.sql.functions.unix_micros;
import static org.apache.spark.sql.functions.when;

import io.metrics.lakehouse.schemas.MetricsTables.Columns;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.catalyst.InternalRow;
import org.apache.spark.rdd.RDD;
import org.apache.spark.sql.expressions.UserDefinedFunction;

/**
 * The product's one rollup implementation, shared by the speed layer ({@code speed_rollup_1m}) and the
 * batch layer ({@code rollup_1m}, {@code rollup_1h}): 1-minute buckets from raw points, and the merge of
 * buckets into coarser (or the same) buckets. Both return the rollup tables' columns, in table order:
 * metric, metric_type, series_id, tags, bucket_start, count, sum, min, max, first, last, first_ts,
 * last_ts, counter_increase, sketch.
 *
 * <p>Per bucket, the rows are shuffled by series, sorted and folded as a stream in time order in Java
 * ({@link SortedFold}: deterministic bits, see there); the per-series constants (metric type, tags) are
 * aggregated once per series and joined back.
 * The counter increase is kept for counters only ({@code metric_type = 'counter'}), null otherwise.
 */
public final class Rollups {

    /** The rollup tables' columns, in table order (without the speed layer's updated_at). */
    public static final String[] COLUMNS = {
        Columns.METRIC, Columns.METRIC_TYPE, Columns.SERIES_ID, Columns.TAGS, Columns.BUCKET_START,
        Columns.COUNT, Columns.SUM, Columns.MIN, Columns.MAX, Columns.FIRST, Columns.LAST,
        Columns.FIRST_TS, Columns.LAST_TS, Columns.COUNTER_INCREASE, Columns.SKETCH};

    private static final String BUCKET = "bucket";

    private Rollups() {
    }

    /**
     * 1-minute buckets of raw points ({@code raw_points} columns; copies of one (series, ts) count once:
     * the latest ingested, see {@link SortedPointsFold}). Metric type: the greatest seen for the series;
     * tags: those of the series' earliest point.
     *
     * <p>The per-point work runs on the narrow columns only: the points are shuffled by series, sorted by
     * (series, metric, time) and folded as a stream ({@link SortedFold}). The series' constants (metric
     * type, tags) are aggregated once per series and joined back to its buckets (Spark's adaptive
     * execution broadcasts them when they are small), so the {@code tags} map never travels with a point.
     */
    public static Dataset<Row> minutes(Dataset<Row> points) {
        Dataset<Row> narrow = points.select(
                col(Columns.METRIC), col(Columns.SERIES_ID),
                unix_micros(col(Columns.TS)).as(Columns.TS),
                col(Columns.VALUE),
                unix_micros(col(Columns.INGESTED_AT)).as("ingested"));
        Dataset<Row> series = points
                .groupBy(col(Columns.METRIC), col(Columns.SERIES_ID))
                .agg(max(Columns.METRIC_TYPE).as(Columns.METRIC_TYPE),
                        expr("min_by(" + Columns.TAGS + ", " + Columns.TS + ")").as(Columns.TAGS));
        return folded(narrow, new SortedPointsFold(), series, Columns.TS);
    }

    /**
     * The previous plan of {@link #minutes}: one group-by whose typed aggregation ({@link PointsToBucket})
     * collects each bucket's points and sorts them, with the series' constants aggregated per point. Same
     * output; kept as the baseline of the rollup benchmark's A/B comparison.
     */
    public static Dataset<Row> minutesByAggregation(Dataset<Row> points) {
        UserDefinedFunction fold = udaf(new PointsToBucket(), PointsToBucket.inputEncoder());
        Dataset<Row> buckets = points
                .groupBy(col(Columns.METRIC), col(Columns.SERIES_ID),
                        date_trunc("minute", col(Columns.TS)).as(Columns.BUCKET_START))
                .agg(max(Columns.METRIC_TYPE).as(Columns.METRIC_TYPE),
                        expr("min_by(" + Columns.TAGS + ", " + Columns.TS + ")").as(Columns.TAGS),
                        fold.apply(unix_micros(col(Columns.TS)), col(Columns.VALUE), unix_micros(col(Columns.INGESTED_AT)))
                                .as(BUCKET));
        return tableColumns(buckets);
    }

    /**
     * Buckets merged per series into buckets of {@code unit} ({@code hour} for the hourly rollup from
     * rollup_1m rows; {@code minute} to merge a micro-batch's partial minutes with the stored ones), with
     * {@link MinuteBucket#merge} in the order of their first and last point's time ({@link SortedBucketsFold}).
     * Input: the rollup tables' columns (others are ignored). Metric type and tags: per series, as in
     * {@link #minutes} (tags of the series' earliest bucket).
     */
    public static Dataset<Row> merged(Dataset<Row> buckets, String unit) {
        List<Column> narrow = new ArrayList<>(List.of(col(Columns.METRIC), col(Columns.SERIES_ID),
                unix_micros(date_trunc(unit, col(Columns.BUCKET_START))).as(BUCKET)));
        for (String name : BucketValues.SCHEMA.fieldNames()) {
            narrow.add(name.endsWith("_ts") ? unix_micros(col(name)).as(name) : col(name));
        }
        Dataset<Row> series = buckets
                .groupBy(col(Columns.METRIC), col(Columns.SERIES_ID))
                .agg(max(Columns.METRIC_TYPE).as(Columns.METRIC_TYPE),
                        expr("min_by(" + Columns.TAGS + ", " + Columns.FIRST_TS + ")").as(Columns.TAGS));
        return folded(buckets.select(narrow.toArray(Column[]::new)), new SortedBucketsFold(), series,
                BUCKET, Columns.FIRST_TS, Columns.LAST_TS);
    }

    /**
     * The fold's buckets with their series' constants: {@code rows} (metric, series_id first) shuffled by
     * series, sorted by series_id, metric, then {@code order}, folded as a stream, joined to {@code series}
     * (metric, series_id, metric_type, tags).
     */
    private static Dataset<Row> folded(Dataset<Row> rows, SortedFold fold, Dataset<Row> series, String... order) {
        List<Column> sort = new ArrayList<>(List.of(col(Columns.SERIES_ID), col(Columns.METRIC)));
        Arrays.stream(order).map(c -> col(c)).forEach(sort::add);
        Dataset<Row> sorted = rows
                .repartition(col(Columns.SERIES_ID))
                .sortWithinPartitions(sort.toArray(Column[]::new));
        Dataset<Row> buckets = ((org.apache.spark.sql.classic.SparkSession) rows.sparkSession())
                .internalCreateDataFrame(internalRows(sorted).toJavaRDD().mapPartitions(fold).rdd(),
                        SortedFold.OUTPUT, false);
        Dataset<Row> joined = buckets
                .join(series, scala.jdk.javaapi.CollectionConverters.asScala(
                        List.of(Columns.METRIC, Columns.SERIES_ID)).toSeq())
                .withColumn(Columns.BUCKET_START, timestamp_micros(col(BUCKET)))
                .withColumn(BUCKET, struct(Arrays.stream(BucketValues.SCHEMA.fieldNames()).map(f -> col(f))
                        .toArray(Column[]::new)));
        return tableColumns(joined);
    }

    /**
     * The rows as Spark's internal rows, for the fold to read them directly: the public mapPartitions would
     * convert every point into a Java Row (a String per metric, boxed numbers) and back. Planned without
     * adaptive execution, whose plan runs its shuffles as soon as its RDD is asked for: this plan's RDD
     * stays lazy (nothing runs before the caller's action) and its shuffle has the session's number of
     * partitions.
     */
    private static RDD<InternalRow> internalRows(Dataset<Row> rows) {
        org.apache.spark.sql.RuntimeConfig conf = rows.sparkSession().conf();
        String adaptive = "spark.sql.adaptive.enabled";
        scala.Option<String> previous = conf.getOption(adaptive);
        conf.set(adaptive, "false");
        try {
            return rows.queryExecution().toRdd();
        } finally {
            if (previous.isDefined()) {
                conf.set(adaptive, previous.get());
            } else {
                conf.unset(adaptive);
            }
        }
    }

    private static Dataset<Row> tableColumns(Dataset<Row> grouped) {
        return grouped.select(
                col(Columns.METRIC), col(Columns.METRIC_TYPE), col(Columns.SERIES_ID), col(Columns.TAGS),
                col(Columns.BUCKET_START),
                col(BUCKET + ".count").as(Columns.COUNT),
                col(BUCKET + ".sum").as(Columns.SUM),
                col(BUCKET + ".min").as(Columns.MIN),
                col(BUCKET + ".max").as(Columns.MAX),
                col(BUCKET + ".first").as(Columns.FIRST),
                col(BUCKET + ".last").as(Columns.LAST),
                timestamp_micros(col(BUCKET + ".first_ts")).as(Columns.FIRST_TS),
                timestamp_micros(col(BUCKET + ".last_ts")).as(Columns.LAST_TS),
                when(col(Columns.METRIC_TYPE).equalTo(lit("counter")), col(BUCKET + ".counter_increase"))
                        .as(Columns.COUNTER_INCREASE),
                col(BUCKET + ".sketch").as(Columns.SKETCH));
    }
}
