package io.metrics.lakehouse.batch;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

/**
 * The rollup computations in Spark SQL, over a temporary view of the source rows of one partition.
 *
 * <p>Every measure is folded over the bucket's rows sorted by time (collect_list + array_sort), not
 * with Spark's aggregate functions: a double sum and a t-digest depend on the order of their inputs,
 * and Spark's partial aggregation order depends on how the input happens to be split. Sorting first
 * makes a re-run produce the same bits, hence the same checksum. Buckets are small (the points of one
 * series in one minute; the 60 minutes of one series in one hour), so the arrays are too.
 *
 * <p>Counter increase (counters only, null otherwise): over consecutive points of the bucket, the sum
 * of {@code cur - prev} when {@code cur >= prev}, else of {@code cur} (a drop is a reset: the new run
 * counts from 0 up to {@code cur}). The first point of a bucket adds nothing: the step from the
 * previous bucket's last point belongs to the merge of the two buckets, which is how the hourly
 * rollup adds the steps between its minutes (and how the speed layer's RollupMerge merges). So the
 * increase of a span is the same whether computed from points or from merged buckets, except for
 * the steps across the span's own edges.
 */
final class RollupQueries {

    static final String SOURCE_VIEW = "batch_rollup_source";

    /** Same reset rule for a point after a point, and for a bucket's first after the previous last. */
    private static final String STEP = "CASE WHEN %1$s IS NULL THEN 0D WHEN %2$s >= %1$s THEN %2$s - %1$s ELSE %2$s END";

    private RollupQueries() {
    }

    /**
     * 1-minute buckets from raw_points rows. Points with the same (metric, series, ts) are one point
     * (replayed ingest batches): the most recently ingested copy is kept (then the largest value, so
     * that the choice is deterministic). The copies are dropped inside each bucket's sorted array
     * (sorted by ts, then non-null ingested_at first, latest first, then largest value first; an element
     * is kept when its ts differs from its predecessor's) rather than with a window over all points:
     * that would cost a second shuffle and sort of the whole hour.
     */
    static Dataset<Row> minutes(SparkSession spark) {
        return spark.sql("""
                WITH copies AS (
                  SELECT metric, series_id, date_trunc('MINUTE', ts) AS bucket_start,
                         max(metric_type) AS metric_type,
                         min_by(tags, ts) AS tags,
                         array_sort(collect_list(struct(ts,
                             CASE WHEN ingested_at IS NULL THEN 1 ELSE 0 END AS no_ingest_time,
                             -unix_micros(ingested_at) AS latest_ingest_first,
                             -value AS largest_first,
                             value))) AS sorted
                  FROM %1$s
                  GROUP BY metric, series_id, date_trunc('MINUTE', ts)
                ), buckets AS (
                  SELECT metric, series_id, bucket_start, metric_type, tags,
                         filter(sorted, (p, i) -> CASE WHEN i = 0 THEN true ELSE sorted[i - 1].ts <> p.ts END) AS pts
                  FROM copies
                )
                SELECT metric, metric_type, series_id, tags, bucket_start,
                       CAST(size(pts) AS BIGINT) AS `count`,
                       aggregate(pts, 0D, (acc, p) -> acc + p.value) AS `sum`,
                       array_min(transform(pts, p -> p.value)) AS `min`,
                       array_max(transform(pts, p -> p.value)) AS `max`,
                       pts[0].value AS `first`,
                       element_at(pts, -1).value AS `last`,
                       pts[0].ts AS first_ts,
                       element_at(pts, -1).ts AS last_ts,
                       CASE WHEN metric_type = 'counter' THEN aggregate(pts,
                           named_struct('prev', CAST(NULL AS DOUBLE), 'inc', 0D),
                           (acc, p) -> named_struct('prev', p.value, 'inc', acc.inc + %2$s),
                           acc -> acc.inc) END AS counter_increase,
                       %3$s(transform(pts, p -> p.value)) AS sketch
                FROM buckets
                """.formatted(SOURCE_VIEW, STEP.formatted("acc.prev", "p.value"), SketchFunctions.OF_VALUES));
    }

    /**
     * Hourly buckets from rollup_1m rows: count, sum and increases add up (plus the reset-aware steps
     * between consecutive minutes), min/max of the minutes', first/last from the earliest/latest
     * minute (minutes do not overlap, so that is the first/last by timestamp), sketches merged with
     * TDigest.mergeWith in minute order.
     */
    static Dataset<Row> hours(SparkSession spark) {
        return spark.sql("""
                WITH buckets AS (
                  SELECT metric, series_id, date_trunc('HOUR', bucket_start) AS bucket_start,
                         max(metric_type) AS metric_type,
                         min_by(tags, bucket_start) AS tags,
                         array_sort(collect_list(struct(bucket_start AS b, `count` AS c, `sum` AS s,
                             `min` AS lo, `max` AS hi, `first` AS f, `last` AS l, first_ts AS fts,
                             last_ts AS lts, counter_increase AS inc, sketch AS sk))) AS mins
                  FROM %1$s
                  GROUP BY metric, series_id, date_trunc('HOUR', bucket_start)
                )
                SELECT metric, metric_type, series_id, tags, bucket_start,
                       aggregate(mins, 0L, (acc, m) -> acc + m.c) AS `count`,
                       aggregate(mins, 0D, (acc, m) -> acc + m.s) AS `sum`,
                       array_min(transform(mins, m -> m.lo)) AS `min`,
                       array_max(transform(mins, m -> m.hi)) AS `max`,
                       mins[0].f AS `first`,
                       element_at(mins, -1).l AS `last`,
                       mins[0].fts AS first_ts,
                       element_at(mins, -1).lts AS last_ts,
                       CASE WHEN metric_type = 'counter' THEN aggregate(mins,
                           named_struct('prev', CAST(NULL AS DOUBLE), 'inc', 0D),
                           (acc, m) -> named_struct('prev', m.l, 'inc', acc.inc + coalesce(m.inc, 0D) + %2$s),
                           acc -> acc.inc) END AS counter_increase,
                       %3$s(transform(mins, m -> m.sk)) AS sketch
                FROM buckets
                """.formatted(SOURCE_VIEW, STEP.formatted("acc.prev", "m.f"), SketchFunctions.MERGE_ALL));
    }
}
