package io.metrics.lakehouse.schemas;

import static org.apache.iceberg.types.Types.NestedField.optional;
import static org.apache.iceberg.types.Types.NestedField.required;

import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SortOrder;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.types.Types;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.UnaryOperator;

/**
 * The six Iceberg tables of the product, in namespace {@code metrics}.
 *
 * <p>Data flow: the speed layer appends {@code raw_points} and upserts {@code speed_rollup_1m}
 * (provisional minutes); the batch jobs overwrite hour partitions of {@code rollup_1m} and day
 * partitions of {@code rollup_1h} (authoritative), add the series of each 1-minute run that
 * {@code series} does not hold yet, and append one {@code rollup_partition_log} row per completed
 * partition. A partition without a matching log row is not complete.
 *
 * <p>Required columns are the identity of a row (metric, series, time); measures are optional so
 * that engines whose aggregate expressions are nullable (Spark) can write them without casts.
 *
 * <p>Timestamps are {@code timestamptz} (microseconds, UTC): Spark's {@code timestamp} and Trino's
 * {@code timestamp(6) with time zone}.
 */
public final class MetricsTables {

    /** The product's namespace. */
    public static final Namespace NAMESPACE = Namespace.of("metrics");

    public static final String RAW_POINTS = "raw_points";
    public static final String SPEED_ROLLUP_1M = "speed_rollup_1m";
    public static final String ROLLUP_1M = "rollup_1m";
    public static final String ROLLUP_1H = "rollup_1h";
    public static final String SERIES = "series";
    public static final String ROLLUP_PARTITION_LOG = "rollup_partition_log";

    /** Table names in the order {@link #all()} returns them (dependencies first, log last). */
    public static final List<String> TABLE_NAMES =
            List.of(
                    RAW_POINTS, SPEED_ROLLUP_1M, ROLLUP_1M, ROLLUP_1H, SERIES, ROLLUP_PARTITION_LOG);

    // Docs of the identity columns every table repeats (raw points, rollups, series).
    private static final String METRIC_DOC = "Metric name, e.g. api.latency.p99";
    private static final String METRIC_TYPE_DOC =
            "gauge | counter | histogram-summary; null when the metric is not registered";
    private static final String SERIES_ID_DOC =
            "Stable 64-bit hash of the series' canonical form: metric + sorted tags";

    /** Column names shared by the jobs that read and write these tables. */
    public static final class Columns {
        public static final String METRIC = "metric";
        public static final String METRIC_TYPE = "metric_type";
        public static final String SERIES_ID = "series_id";
        public static final String TAGS = "tags";
        public static final String TS = "ts";
        public static final String VALUE = "value";
        public static final String INGESTED_AT = "ingested_at";
        public static final String SOURCE = "source";
        public static final String BATCH_ID = "batch_id";

        public static final String BUCKET_START = "bucket_start";
        public static final String COUNT = "count";
        public static final String SUM = "sum";
        public static final String MIN = "min";
        public static final String MAX = "max";
        public static final String FIRST = "first";
        public static final String LAST = "last";
        public static final String FIRST_TS = "first_ts";
        public static final String LAST_TS = "last_ts";
        public static final String COUNTER_INCREASE = "counter_increase";
        public static final String SKETCH = "sketch";
        public static final String UPDATED_AT = "updated_at";

        public static final String FIRST_SEEN = "first_seen";

        public static final String GRANULARITY = "granularity";
        public static final String PARTITION_START = "partition_start";
        public static final String PARTITION_END = "partition_end";
        public static final String METRIC_PREFIX = "metric_prefix";
        public static final String ROW_COUNT = "row_count";
        public static final String CHECKSUM = "checksum";
        public static final String SOURCE_SNAPSHOT_ID = "source_snapshot_id";
        public static final String JOB_RUN_ID = "job_run_id";
        public static final String COMPLETED_AT = "completed_at";

        private Columns() {}
    }

    /** Values of {@code metric_type}. */
    public static final List<String> METRIC_TYPES =
            List.of("gauge", "counter", "histogram-summary");

    /** Values of {@code rollup_partition_log.granularity}. */
    public static final String GRANULARITY_1M = "1m";

    public static final String GRANULARITY_1H = "1h";

    private static final long MIB = 1024L * 1024L;

    /**
     * zstd level of every table's data files. 3 (zstd's default) left 3-12% on the table; 15 saved
     * under 4% more for several times the CPU in compaction and rollup writes.
     */
    private static final String ZSTD_LEVEL = "9";

    private final Namespace namespace;
    private final RetentionPolicy retention;

    private MetricsTables(Namespace namespace, RetentionPolicy retention) {
        this.namespace = Objects.requireNonNull(namespace, "namespace");
        this.retention = Objects.requireNonNull(retention, "retention");
        if (namespace.isEmpty()) {
            throw new IllegalArgumentException("namespace must not be empty");
        }
    }

    /** The tables in namespace {@code metrics} with the default retention. */
    public static MetricsTables defaults() {
        return new MetricsTables(NAMESPACE, RetentionPolicy.defaults());
    }

    public static MetricsTables of(RetentionPolicy retention) {
        return new MetricsTables(NAMESPACE, retention);
    }

    public static MetricsTables of(Namespace namespace, RetentionPolicy retention) {
        return new MetricsTables(namespace, retention);
    }

    public Namespace namespace() {
        return namespace;
    }

    public RetentionPolicy retention() {
        return retention;
    }

    /** All six definitions, in {@link #TABLE_NAMES} order. */
    public List<TableDefinition> all() {
        return List.of(
                rawPoints(),
                speedRollup1m(),
                rollup1m(),
                rollup1h(),
                series(),
                rollupPartitionLog());
    }

    /** The definition of the table with this name, if it is one of the six. */
    public Optional<TableDefinition> byName(String tableName) {
        return all().stream().filter(d -> d.identifier().name().equals(tableName)).findFirst();
    }

    // ---------------------------------------------------------------------------------------------
    // raw_points

    /**
     * Every accepted data point, as the gateway normalized it. Appended by the speed layer; the
     * source of truth from which every rollup can be recomputed within its retention. The series'
     * tags are in {@link #series()}, registered before the series' first point is appended.
     */
    public TableDefinition rawPoints() {
        Schema schema =
                new Schema(
                        required(
                                1,
                                Columns.METRIC,
                                Types.StringType.get(),
                                METRIC_DOC),
                        optional(
                                2,
                                Columns.METRIC_TYPE,
                                Types.StringType.get(),
                                METRIC_TYPE_DOC),
                        required(
                                3,
                                Columns.SERIES_ID,
                                Types.LongType.get(),
                                SERIES_ID_DOC),
                        required(
                                4,
                                Columns.TS,
                                Types.TimestampType.withZone(),
                                "Time of the measurement"),
                        required(
                                5,
                                Columns.VALUE,
                                Types.DoubleType.get(),
                                "Measured value (finite)"),
                        optional(
                                6,
                                Columns.INGESTED_AT,
                                Types.TimestampType.withZone(),
                                "When the gateway acknowledged the point"),
                        optional(
                                7,
                                Columns.SOURCE,
                                Types.StringType.get(),
                                "How the point arrived, e.g. push-json, prometheus-remote-write,"
                                    + " scrape"),
                        optional(
                                8,
                                Columns.BATCH_ID,
                                Types.StringType.get(),
                                "Id of the ingest batch that carried the point; lets jobs detect"
                                    + " replayed batches"));

        return TableDefinition.builder(id(RAW_POINTS), schema)
                // One partition per day: a day of raw points is large (the seed's 1M points/s is
                // ~20 TB
                // uncompressed), retention drops whole days, and queries cover hours to days.
                .spec(PartitionSpec.builderFor(schema).day(Columns.TS).build())
                .sortOrder(
                        SortOrder.builderFor(schema)
                                .asc(Columns.METRIC)
                                .asc(Columns.SERIES_ID)
                                .asc(Columns.TS)
                                .build())
                .properties(commonProperties("Raw data points, one row per accepted point"))
                .properties(streamingProperties())
                .properties(rawParquetProperties())
                .property(TableProperties.WRITE_TARGET_FILE_SIZE_BYTES, Long.toString(256 * MIB))
                .metricsMode(Columns.METRIC, "full")
                .metricsMode(Columns.SERIES_ID, "full")
                .metricsMode(Columns.TS, "full")
                // Random batch ids give bounds no query can prune with: skip them.
                .metricsMode(Columns.BATCH_ID, "counts")
                .retention(retention.raw())
                .build();
    }

    // ---------------------------------------------------------------------------------------------
    // rollups

    /**
     * Provisional 1-minute buckets, upserted by the speed layer every trigger. Served for minutes
     * whose authoritative {@code rollup_1m} partition is not complete yet.
     */
    public TableDefinition speedRollup1m() {
        Schema schema = rollupSchema(true);
        return TableDefinition.builder(id(SPEED_ROLLUP_1M), schema)
                .spec(PartitionSpec.builderFor(schema).hour(Columns.BUCKET_START).build())
                .sortOrder(rollupSortOrder(schema))
                .properties(
                        commonProperties(
                                "Provisional 1-minute rollups from the speed layer (upserted every"
                                    + " trigger)"))
                .properties(streamingProperties())
                // The speed layer MERGEs into the current hour every few seconds: merge-on-read
                // writes
                // small delete files instead of rewriting the hour's data files at every trigger.
                // Compaction folds the deletes back in.
                .property(TableProperties.MERGE_MODE, "merge-on-read")
                .property(TableProperties.UPDATE_MODE, "merge-on-read")
                .property(TableProperties.DELETE_MODE, "merge-on-read")
                .property(TableProperties.WRITE_TARGET_FILE_SIZE_BYTES, Long.toString(128 * MIB))
                .properties(rollupParquetProperties())
                .properties(rollupMetricsModes())
                .retention(retention.speedRollup1m())
                .build();
    }

    /**
     * Authoritative 1-minute rollups. Partitioned by hour so that a batch run (or a backfill)
     * overwrites exactly one hour, atomically.
     */
    public TableDefinition rollup1m() {
        return authoritativeRollup(
                ROLLUP_1M,
                spec -> spec.hour(Columns.BUCKET_START),
                "Authoritative 1-minute rollups (batch, one hour per run)",
                retention.rollup1m());
    }

    /**
     * Authoritative hourly rollups, built from {@code rollup_1m}. Partitioned by day: an hour
     * partition would hold only 1/60 of a minute partition's rows, and a year of them would be 8760
     * small partitions.
     */
    public TableDefinition rollup1h() {
        return authoritativeRollup(
                ROLLUP_1H,
                spec -> spec.day(Columns.BUCKET_START),
                "Authoritative hourly rollups (batch, built from rollup_1m)",
                retention.rollup1h());
    }

    /** The batch-written rollup tables differ only in name, time partitioning, comment and retention. */
    private TableDefinition authoritativeRollup(
            String name,
            UnaryOperator<PartitionSpec.Builder> partitioning,
            String comment,
            Duration keptFor) {
        Schema schema = rollupSchema(false);
        return TableDefinition.builder(id(name), schema)
                .spec(partitioning.apply(PartitionSpec.builderFor(schema)).build())
                .sortOrder(rollupSortOrder(schema))
                .properties(commonProperties(comment))
                .properties(batchProperties())
                .property(TableProperties.WRITE_TARGET_FILE_SIZE_BYTES, Long.toString(256 * MIB))
                .properties(rollupParquetProperties())
                .properties(rollupMetricsModes())
                .retention(keptFor)
                .build();
    }

    /**
     * The rollup columns. first/last carry their timestamps so that buckets can be merged (the
     * merged first is the first with the smallest first_ts); count/sum/min/max merge directly;
     * counter_increase adds up; the sketch merges as a t-digest.
     */
    private static Schema rollupSchema(boolean withUpdatedAt) {
        List<Types.NestedField> fields =
                new ArrayList<>(
                        List.of(
                                required(
                                        1,
                                        Columns.METRIC,
                                        Types.StringType.get(),
                                        METRIC_DOC),
                                optional(
                                        2,
                                        Columns.METRIC_TYPE,
                                        Types.StringType.get(),
                                        METRIC_TYPE_DOC),
                                required(
                                        3,
                                        Columns.SERIES_ID,
                                        Types.LongType.get(),
                                        SERIES_ID_DOC),
                                required(
                                        4,
                                        Columns.BUCKET_START,
                                        Types.TimestampType.withZone(),
                                        "Start of the bucket (inclusive); the bucket ends one"
                                            + " granule later (exclusive)"),
                                optional(
                                        5,
                                        Columns.COUNT,
                                        Types.LongType.get(),
                                        "Number of points in the bucket"),
                                optional(
                                        6,
                                        Columns.SUM,
                                        Types.DoubleType.get(),
                                        "Sum of the values"),
                                optional(7, Columns.MIN, Types.DoubleType.get(), "Smallest value"),
                                optional(8, Columns.MAX, Types.DoubleType.get(), "Largest value"),
                                optional(
                                        9,
                                        Columns.FIRST,
                                        Types.DoubleType.get(),
                                        "Value of the earliest point"),
                                optional(
                                        10,
                                        Columns.LAST,
                                        Types.DoubleType.get(),
                                        "Value of the latest point"),
                                optional(
                                        11,
                                        Columns.FIRST_TS,
                                        Types.TimestampType.withZone(),
                                        "Time of the earliest point (to merge first across"
                                            + " buckets)"),
                                optional(
                                        12,
                                        Columns.LAST_TS,
                                        Types.TimestampType.withZone(),
                                        "Time of the latest point (to merge last across buckets)"),
                                optional(
                                        13,
                                        Columns.COUNTER_INCREASE,
                                        Types.DoubleType.get(),
                                        "Counters only: increase over the bucket with resets"
                                            + " handled (a drop in value is a reset and the new"
                                            + " value counts as increase); null otherwise"),
                                optional(
                                        14,
                                        Columns.SKETCH,
                                        Types.BinaryType.get(),
                                        "Mergeable quantile sketch of the values: a t-digest"
                                            + " serialized by io.airlift.stats.TDigest (Trino:"
                                            + " CAST(sketch AS tdigest))")));
        if (withUpdatedAt) {
            fields.add(
                    optional(
                            15,
                            Columns.UPDATED_AT,
                            Types.TimestampType.withZone(),
                            "When the speed layer last upserted this bucket"));
        }
        // series_id + bucket_start identify a bucket (series_id already encodes the metric):
        // declared
        // so that engines with upsert support (and readers) know the key; Iceberg does not enforce
        // it.
        return new Schema(fields, Set.of(3, 4));
    }

    private static SortOrder rollupSortOrder(Schema schema) {
        return SortOrder.builderFor(schema)
                .asc(Columns.METRIC)
                .asc(Columns.SERIES_ID)
                .asc(Columns.BUCKET_START)
                .build();
    }

    private static Map<String, String> rollupMetricsModes() {
        String prefix = TableDefinition.METRICS_MODE_COLUMN_PREFIX;
        return Map.of(
                prefix + Columns.METRIC, "full",
                prefix + Columns.SERIES_ID, "full",
                prefix + Columns.BUCKET_START, "full",
                // Bounds of a serialized sketch mean nothing; null counts are still cheap and
                // useful.
                prefix + Columns.SKETCH, "counts");
    }

    // ---------------------------------------------------------------------------------------------
    // series

    /**
     * One row per series id: its metric and tags, the only place tags are stored. The point and
     * rollup tables carry the series id only (a tag map per point cost ~1 byte per raw point on disk
     * and made every scan read a map row by row); readers join the few thousand series of a metric
     * here instead. Rows are only added (MERGE ... WHEN NOT MATCHED THEN INSERT by the speed layer,
     * before it commits the series' first points); a series id is a hash of metric + sorted tags, so a
     * row never changes except for an earlier {@code first_seen} (a late point).
     *
     * <p>Tables created before tags moved here keep their {@code tags} column (columns are never
     * dropped, see {@code TableManager}); rows written since leave it null.
     *
     * <p>Unpartitioned on purpose: tens of thousands to millions of small rows (tens to a few hundred
     * MB), read by metric. Sorted by metric, the files' metric bounds let a query skip the files of
     * other metrics; bucketing by series id would spread every metric over all buckets and skip
     * nothing. Merge-on-read so that the hourly MERGE appends a small file (plus a delete file in
     * the rare update of first_seen) instead of rewriting the files holding the matched series;
     * compaction folds them together.
     */
    public TableDefinition series() {
        Schema schema =
                new Schema(
                        List.of(
                                required(
                                        1,
                                        Columns.METRIC,
                                        Types.StringType.get(),
                                        METRIC_DOC),
                                required(
                                        2,
                                        Columns.SERIES_ID,
                                        Types.LongType.get(),
                                        SERIES_ID_DOC + " (the key: one row per series id)"),
                                optional(
                                        3,
                                        Columns.METRIC_TYPE,
                                        Types.StringType.get(),
                                        METRIC_TYPE_DOC),
                                optional(
                                        4,
                                        Columns.TAGS,
                                        tagsType(6, 7),
                                        "Normalized tags (key -> value)"),
                                optional(
                                        5,
                                        Columns.FIRST_SEEN,
                                        Types.TimestampType.withZone(),
                                        "Start of the earliest 1-minute bucket a rollup run found for"
                                            + " the series")),
                        Set.of(2));
        return TableDefinition.builder(id(SERIES), schema)
                .sortOrder(
                        SortOrder.builderFor(schema)
                                .asc(Columns.METRIC)
                                .asc(Columns.SERIES_ID)
                                .build())
                .properties(commonProperties("Series catalog: metric and tags of every series id"))
                .properties(batchProperties())
                .property(TableProperties.MERGE_MODE, "merge-on-read")
                .property(TableProperties.UPDATE_MODE, "merge-on-read")
                .property(TableProperties.DELETE_MODE, "merge-on-read")
                // The default, stated because "one row per series id" relies on it: a MERGE fails
                // (and is retried) when another commit added files since the snapshot it read.
                .property(TableProperties.MERGE_ISOLATION_LEVEL, "serializable")
                .property(TableProperties.WRITE_TARGET_FILE_SIZE_BYTES, Long.toString(128 * MIB))
                .metricsMode(Columns.METRIC, "full")
                .metricsMode(Columns.SERIES_ID, "full")
                .metricsMode(Columns.TAGS + ".key", "none")
                .metricsMode(Columns.TAGS + ".value", "none")
                .retention(null)
                .build();
    }

    // ---------------------------------------------------------------------------------------------
    // rollup_partition_log

    /**
     * One row per completed rollup partition (append-only; a rerun appends a newer row and the
     * latest {@code completed_at} wins). Readers trust a rollup partition only when a row exists.
     *
     * <p>Unpartitioned on purpose: it grows by a few dozen rows a day (tens of kilobytes a year).
     * Partitioning by month would only multiply tiny files; column bounds on partition_start
     * already let a scan skip files.
     */
    public TableDefinition rollupPartitionLog() {
        Schema schema =
                new Schema(
                        required(
                                1,
                                Columns.GRANULARITY,
                                Types.StringType.get(),
                                "Rollup granularity: 1m (table rollup_1m) or 1h (table rollup_1h)"),
                        required(
                                2,
                                Columns.PARTITION_START,
                                Types.TimestampType.withZone(),
                                "Start of the completed partition (inclusive)"),
                        required(
                                3,
                                Columns.PARTITION_END,
                                Types.TimestampType.withZone(),
                                "End of the completed partition (exclusive)"),
                        required(
                                4,
                                Columns.METRIC_PREFIX,
                                Types.StringType.get(),
                                "Metric name prefix the run covered; empty string for all metrics"),
                        required(
                                5,
                                Columns.ROW_COUNT,
                                Types.LongType.get(),
                                "Rows written to the partition"),
                        required(
                                6,
                                Columns.CHECKSUM,
                                Types.StringType.get(),
                                "SHA-256 (lowercase hex) of the partition's rows in sort order"),
                        optional(
                                7,
                                Columns.SOURCE_SNAPSHOT_ID,
                                Types.LongType.get(),
                                "Snapshot id of the source table the run read; null if it was"
                                    + " empty"),
                        required(
                                8,
                                Columns.JOB_RUN_ID,
                                Types.StringType.get(),
                                "Id of the batch job run"),
                        required(
                                9,
                                Columns.COMPLETED_AT,
                                Types.TimestampType.withZone(),
                                "When the partition's overwrite was committed"));

        return TableDefinition.builder(id(ROLLUP_PARTITION_LOG), schema)
                .sortOrder(
                        SortOrder.builderFor(schema)
                                .asc(Columns.GRANULARITY)
                                .asc(Columns.PARTITION_START)
                                .asc(Columns.METRIC_PREFIX)
                                .asc(Columns.COMPLETED_AT)
                                .build())
                .properties(commonProperties("Completion log of rollup partitions, with checksums"))
                .properties(batchProperties())
                .property(
                        TableProperties.WRITE_DISTRIBUTION_MODE,
                        TableProperties.WRITE_DISTRIBUTION_MODE_NONE)
                .property(TableProperties.WRITE_TARGET_FILE_SIZE_BYTES, Long.toString(16 * MIB))
                // Tiny table: full bounds on every column make lookups by checksum or run id exact.
                .property(TableProperties.DEFAULT_WRITE_METRICS_MODE, "full")
                .retention(null)
                .build();
    }

    // ---------------------------------------------------------------------------------------------
    // shared pieces

    private TableIdentifier id(String name) {
        return TableIdentifier.of(namespace, name);
    }

    /** Tag map; values optional because Spark map values are nullable unless proven otherwise. */
    private static Types.MapType tagsType(int keyId, int valueId) {
        return Types.MapType.ofOptional(
                keyId, valueId, Types.StringType.get(), Types.StringType.get());
    }

    private static Map<String, String> commonProperties(String comment) {
        return Map.of(
                TableProperties.FORMAT_VERSION, "2",
                TableProperties.DEFAULT_FILE_FORMAT, "parquet",
                TableProperties.PARQUET_COMPRESSION, "zstd",
                TableProperties.DEFAULT_WRITE_METRICS_MODE, "truncate(16)",
                // Every commit writes a new metadata.json; keep a bounded history, delete the rest.
                TableProperties.METADATA_DELETE_AFTER_COMMIT_ENABLED, "true",
                TableProperties.COMMENT, comment);
    }

    /**
     * Parquet settings of raw_points, measured with batch-jobs/bench/storage.sh (batch-jobs/README.md
     * "Storage"; each one lowered the bytes per point there). Iceberg's writer has no
     * BYTE_STREAM_SPLIT switch: doubles are dictionary or PLAIN whatever the page version. v2 pages
     * are what turn on DELTA_BINARY_PACKED for the timestamps (a series' 10 s steps cost a few bits
     * instead of a dictionary index or 8 bytes) and DELTA_BYTE_ARRAY for strings whose dictionary
     * overflows. Values are left to zstd: a value dictionary of a day file overflows anyway, and
     * dictionary indices compress worse than the PLAIN doubles of one series in a row. Dictionaries
     * stay on for metric, series_id, tags and source, which repeat along the sort order.
     */
    private static Map<String, String> rawParquetProperties() {
        return parquetProperties(
                List.of(Columns.TS, Columns.INGESTED_AT, Columns.VALUE));
    }

    /** The same settings for the rollup tables, without dictionaries on times and measures. */
    private static Map<String, String> rollupParquetProperties() {
        return parquetProperties(
                List.of(
                        Columns.BUCKET_START,
                        Columns.FIRST_TS,
                        Columns.LAST_TS,
                        Columns.SUM,
                        Columns.MIN,
                        Columns.MAX,
                        Columns.FIRST,
                        Columns.LAST,
                        Columns.COUNTER_INCREASE));
    }

    private static Map<String, String> parquetProperties(List<String> withoutDictionary) {
        Map<String, String> props = new TreeMap<>();
        props.put(TableProperties.PARQUET_PAGE_VERSION, "v2");
        // With the values out of the dictionaries, the batch ids of a day file fit more often.
        props.put(TableProperties.PARQUET_DICT_SIZE_BYTES, Long.toString(8 * MIB));
        props.put(TableProperties.PARQUET_COMPRESSION_LEVEL, ZSTD_LEVEL);
        // zstd compresses page by page: pages of 100,000 rows (default 20,000 rows or 1 MiB) reach
        // back to the previous series in a day file (its batch ids, its ingest delays): raw -30%.
        props.put(TableProperties.PARQUET_PAGE_SIZE_BYTES, Long.toString(4 * MIB));
        props.put(TableProperties.PARQUET_PAGE_ROW_LIMIT, "100000");
        for (String column : withoutDictionary) {
            props.put(TableProperties.PARQUET_DICT_ENCODING_ENABLED_COLUMN_PREFIX + column, "false");
        }
        return props;
    }

    /** Tables the speed layer commits to every few seconds. */
    private static Map<String, String> streamingProperties() {
        return Map.of(
                // ~100 commits = several minutes of metadata history at a 5-10 s trigger.
                TableProperties.METADATA_PREVIOUS_VERSIONS_MAX,
                "100",
                // Cluster rows by partition before writing (one writer per partition per task)
                // without
                // the global sort a range distribution would cost at every micro-batch.
                TableProperties.WRITE_DISTRIBUTION_MODE,
                TableProperties.WRITE_DISTRIBUTION_MODE_HASH,
                // Compaction and retention commit concurrently with the stream: retry rather than
                // fail.
                TableProperties.COMMIT_NUM_RETRIES,
                "10",
                // One snapshot per trigger: expire after a day (the default is 5 days = ~86k
                // snapshots).
                TableProperties.MAX_SNAPSHOT_AGE_MS,
                Long.toString(24L * 60 * 60 * 1000));
    }

    /** Tables written by the hourly batch jobs. */
    private static Map<String, String> batchProperties() {
        return Map.of(
                TableProperties.METADATA_PREVIOUS_VERSIONS_MAX,
                "50",
                // A globally sorted overwrite gives files with disjoint metric ranges: best
                // pruning.
                TableProperties.WRITE_DISTRIBUTION_MODE,
                TableProperties.WRITE_DISTRIBUTION_MODE_RANGE);
    }
}
