package io.metrics.lakehouse.spark.rollup;

import org.apache.spark.sql.catalyst.InternalRow;

/**
 * The 1-minute fold of raw points ({@link #INPUT} columns, sorted by series_id, metric, ts):
 * each bucket's points added in time order to a {@link MinuteBucket}, so a re-run folds the same doubles
 * in the same order and a bucket's sum and t-digest have the same bits (the partition checksum stays).
 *
 * <p>Copies of one (series, ts) are one point: the most recently ingested copy is kept (a copy without
 * ingest time last), then the largest value ({@link #keeps}). The copies arrive next to each other, in
 * any order among themselves; the choice is made here so that it does not depend on how the sort breaks
 * ties.
 */
final class SortedPointsFold extends SortedFold {

    private static final long serialVersionUID = 1L;

    /** The narrow input: metric, series_id, then ts, value, ingested_at (times in microseconds). */
    private static final int TS = 2;
    private static final int VALUE = 3;
    private static final int INGESTED = 4;
    private static final long MINUTE_MICROS = 60_000_000L;

    /** Sorts after every real ingest time (a copy without ingest time is kept last). */
    private static final long NO_INGEST_TIME = Long.MIN_VALUE;

    /** Whether the copy (ingested, value) wins over the kept one of the same time. */
    static boolean keeps(long ingested, double value, long keptIngested, double keptValue) {
        int byIngest = Long.compare(ingested, keptIngested);
        return byIngest != 0 ? byIngest > 0 : Double.compare(value, keptValue) > 0;
    }

    /** The minute of UTC time (the tables' time zone; a minute is the same in every zone of whole minutes). */
    @Override
    long bucketOf(InternalRow point) {
        return Math.floorDiv(point.getLong(TS), MINUTE_MICROS) * MINUTE_MICROS;
    }

    @Override
    Bucket open() {
        return new Points();
    }

    /** The bucket, plus the latest time's kept copy, added once the next time shows up. */
    private static final class Points implements Bucket {
        private final MinuteBucket bucket = new MinuteBucket(true);
        private boolean holding;
        private long ts;
        private double value;
        private long ingested;

        @Override
        public void add(InternalRow point) {
            long pointTs = point.getLong(TS);
            double pointValue = point.getDouble(VALUE);
            long pointIngested = point.isNullAt(INGESTED) ? NO_INGEST_TIME : point.getLong(INGESTED);
            if (holding && pointTs == ts) {
                if (keeps(pointIngested, pointValue, ingested, value)) {
                    value = pointValue;
                    ingested = pointIngested;
                }
                return;
            }
            if (holding) {
                bucket.addMicros(ts, value);
            }
            holding = true;
            ts = pointTs;
            value = pointValue;
            ingested = pointIngested;
        }

        @Override
        public BucketValues values() {
            bucket.addMicros(ts, value);
            return bucket.values();
        }
    }
}
