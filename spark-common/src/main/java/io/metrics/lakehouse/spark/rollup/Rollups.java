package io.metrics.lakehouse.spark.rollup;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_trunc;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.timestamp_micros;
import static org.apache.spark.sql.functions.udaf;
import static org.apache.spark.sql.functions.unix_micros;
import static org.apache.spark.sql.functions.when;

import io.metrics.lakehouse.schemas.MetricsTables.Columns;
import java.util.Arrays;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.UserDefinedFunction;

/**
 * The product's one rollup implementation, shared by the speed layer ({@code speed_rollup_1m}) and the
 * batch layer ({@code rollup_1m}, {@code rollup_1h}): 1-minute buckets from raw points, and the merge of
 * buckets into coarser (or the same) buckets. Both return the rollup tables' columns, in table order:
 * metric, metric_type, series_id, bucket_start, count, sum, min, max, first, last, first_ts, last_ts,
 * counter_increase, sketch. Tags are not among them: they are in the {@code series} table.
 *
 * <p>One pass: a group-by per (metric, series, bucket) with the aggregations {@link PointsToBucket} and
 * {@link BucketsToBucket}, which fold each bucket in time order in Java (deterministic bits; see there).
 * The counter increase is kept for counters only ({@code metric_type = 'counter'}), null otherwise.
 */
public final class Rollups {

    /** The rollup tables' columns, in table order (without the speed layer's updated_at). */
    public static final String[] COLUMNS = {
        Columns.METRIC, Columns.METRIC_TYPE, Columns.SERIES_ID, Columns.BUCKET_START,
        Columns.COUNT, Columns.SUM, Columns.MIN, Columns.MAX, Columns.FIRST, Columns.LAST,
        Columns.FIRST_TS, Columns.LAST_TS, Columns.COUNTER_INCREASE, Columns.SKETCH};

    private static final String BUCKET = "bucket";
    private static final long MICROS_PER_MINUTE = 60_000_000L;

    private Rollups() {
    }

    /**
     * 1-minute buckets of raw points ({@code raw_points} columns; copies of one (series, ts) count once:
     * the latest ingested, see {@link PointsToBucket}). Metric type: the greatest seen. Reads no column
     * but metric, metric_type, series_id, ts, value and ingested_at.
     */
    public static Dataset<Row> minutes(Dataset<Row> points) {
        UserDefinedFunction fold = udaf(new PointsToBucket(), PointsToBucket.inputEncoder());
        Dataset<Row> buckets = points
                .groupBy(col(Columns.METRIC), col(Columns.SERIES_ID),
                        minuteStart(col(Columns.TS)).as(Columns.BUCKET_START))
                .agg(max(Columns.METRIC_TYPE).as(Columns.METRIC_TYPE),
                        fold.apply(PointsToBucket.inputs(col(Columns.TS), col(Columns.VALUE), col(Columns.INGESTED_AT)))
                                .as(BUCKET));
        return tableColumns(buckets);
    }

    /**
     * The UTC minute of a timestamp, by arithmetic on its microseconds: what {@code date_trunc('minute', ts)}
     * gives in the product's sessions (time zone UTC), without its per-point conversion to an
     * {@code Instant} and a zoned date-time (4-10% of the rollup's CPU: batch-jobs/README.md, "Benchmark").
     */
    static Column minuteStart(Column ts) {
        return timestamp_micros(unix_micros(ts).minus(pmod(unix_micros(ts), lit(MICROS_PER_MINUTE))));
    }

    /**
     * Buckets merged per series into buckets of {@code unit} ({@code hour} for the hourly rollup from
     * rollup_1m rows; {@code minute} to merge a micro-batch's partial minutes with the stored ones), with
     * {@link MinuteBucket#merge}. Input: the rollup tables' columns (others are ignored).
     */
    public static Dataset<Row> merged(Dataset<Row> buckets, String unit) {
        UserDefinedFunction fold = udaf(new BucketsToBucket(), Encoders.row(BucketValues.SCHEMA));
        Column[] parts = Arrays.stream(BucketValues.SCHEMA.fieldNames())
                .map(name -> name.endsWith("_ts") ? unix_micros(col(name)) : col(name))
                .toArray(Column[]::new);
        Dataset<Row> merged = buckets
                .groupBy(col(Columns.METRIC), col(Columns.SERIES_ID),
                        date_trunc(unit, col(Columns.BUCKET_START)).as(Columns.BUCKET_START))
                .agg(max(Columns.METRIC_TYPE).as(Columns.METRIC_TYPE),
                        fold.apply(parts).as(BUCKET));
        return tableColumns(merged);
    }

    private static Dataset<Row> tableColumns(Dataset<Row> grouped) {
        return grouped.select(
                col(Columns.METRIC), col(Columns.METRIC_TYPE), col(Columns.SERIES_ID), col(Columns.BUCKET_START),
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
