package io.metrics.lakehouse.speed;

import java.sql.Timestamp;
import java.time.format.DateTimeFormatter;
import java.time.ZoneOffset;

/**
 * The upsert of a micro-batch's partial minute buckets into {@code speed_rollup_1m}: a bucket not
 * stored yet is inserted; a stored one is merged with the partial one, so that a minute whose points
 * arrive over several micro-batches ends up as if computed at once.
 *
 * <p>Merge rules (the same that build hourly from minute buckets): count, sum and the counter
 * increase add up; min/max by least/greatest; first/last from the side with the earlier/later
 * timestamp; sketches merge as t-digests. The counter increase also adds the step between the two
 * sides, from the earlier side's {@code last} to the later side's {@code first} (reset-aware: a drop
 * counts the new value). When late points fall inside the time span already stored, the two sides
 * interleave and that step cannot be known without the raw points: only the two increases are added
 * then, and the batch layer, which recomputes from {@code raw_points}, corrects the minute.
 *
 * <p>The predicate on the target's bucket_start lets Iceberg read only the hour partitions the
 * micro-batch touches.
 */
final class RollupMerge {

    private static final DateTimeFormatter SQL_TIMESTAMP =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

    private RollupMerge() {
    }

    static String sql(String targetTable, String sourceView, Timestamp minBucket, Timestamp maxBucket) {
        return """
                MERGE INTO %1$s t
                USING %2$s s
                ON t.series_id = s.series_id AND t.bucket_start = s.bucket_start
                   AND t.bucket_start >= TIMESTAMP '%3$s' AND t.bucket_start <= TIMESTAMP '%4$s'
                WHEN MATCHED THEN UPDATE SET
                  t.metric_type = coalesce(s.metric_type, t.metric_type),
                  t.tags = s.tags,
                  t.`count` = t.`count` + s.`count`,
                  t.`sum` = t.`sum` + s.`sum`,
                  t.`min` = least(t.`min`, s.`min`),
                  t.`max` = greatest(t.`max`, s.`max`),
                  t.`first` = CASE WHEN s.first_ts < t.first_ts THEN s.`first` ELSE t.`first` END,
                  t.first_ts = least(t.first_ts, s.first_ts),
                  t.`last` = CASE WHEN s.last_ts > t.last_ts THEN s.`last` ELSE t.`last` END,
                  t.last_ts = greatest(t.last_ts, s.last_ts),
                  t.counter_increase = CASE
                    WHEN t.counter_increase IS NULL OR s.counter_increase IS NULL
                      THEN coalesce(t.counter_increase, s.counter_increase)
                    WHEN s.first_ts > t.last_ts
                      THEN t.counter_increase + s.counter_increase
                           + CASE WHEN s.`first` >= t.`last` THEN s.`first` - t.`last` ELSE s.`first` END
                    WHEN s.last_ts < t.first_ts
                      THEN t.counter_increase + s.counter_increase
                           + CASE WHEN t.`first` >= s.`last` THEN t.`first` - s.`last` ELSE t.`first` END
                    ELSE t.counter_increase + s.counter_increase
                  END,
                  t.sketch = %5$s(t.sketch, s.sketch),
                  t.updated_at = s.updated_at
                WHEN NOT MATCHED THEN INSERT *
                """.formatted(targetTable, sourceView, SQL_TIMESTAMP.format(minBucket.toInstant()),
                SQL_TIMESTAMP.format(maxBucket.toInstant()), TDigestSketches.MERGE_FUNCTION);
    }
}
