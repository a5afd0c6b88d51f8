package io.metrics.lakehouse.schemas;

import org.apache.iceberg.Schema;
import org.apache.iceberg.types.Types;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The tables as the product needs them, written out by hand: tests compare both the code's
 * definitions and the catalog's tables against these, so a change to either is a visible diff.
 */
final class ExpectedTables {

    private ExpectedTables() {}

    static final List<String> RAW_POINTS_COLUMNS =
            List.of(
                    "1 metric required string",
                    "2 metric_type optional string",
                    "3 series_id required long",
                    "4 ts required timestamptz",
                    "5 value required double",
                    "6 ingested_at optional timestamptz",
                    "7 source optional string",
                    "8 batch_id optional string");

    static final List<String> ROLLUP_COLUMNS =
            List.of(
                    "1 metric required string",
                    "2 metric_type optional string",
                    "3 series_id required long",
                    "4 bucket_start required timestamptz",
                    "5 count optional long",
                    "6 sum optional double",
                    "7 min optional double",
                    "8 max optional double",
                    "9 first optional double",
                    "10 last optional double",
                    "11 first_ts optional timestamptz",
                    "12 last_ts optional timestamptz",
                    "13 counter_increase optional double",
                    "14 sketch optional binary");

    static final List<String> SPEED_ROLLUP_COLUMNS =
            java.util.stream.Stream.concat(
                            ROLLUP_COLUMNS.stream(),
                            java.util.stream.Stream.of("15 updated_at optional timestamptz"))
                    .toList();

    static final List<String> PARTITION_LOG_COLUMNS =
            List.of(
                    "1 granularity required string",
                    "2 partition_start required timestamptz",
                    "3 partition_end required timestamptz",
                    "4 metric_prefix required string",
                    "5 row_count required long",
                    "6 checksum required string",
                    "7 source_snapshot_id optional long",
                    "8 job_run_id required string",
                    "9 completed_at required timestamptz");

    static final List<String> SERIES_COLUMNS =
            List.of(
                    "1 metric required string",
                    "2 series_id required long",
                    "3 metric_type optional string",
                    "4 tags optional map<string, string> key=6 value=7 optional",
                    "5 first_seen optional timestamptz");

    static final List<String> ROLLUP_SORT =
            List.of(
                    "metric ASC NULLS FIRST",
                    "series_id ASC NULLS FIRST",
                    "bucket_start ASC NULLS FIRST");

    /** Properties every table stores (format-version is metadata, not a property). */
    private static Map<String, String> common(String comment, String retention) {
        Map<String, String> props = new TreeMap<>();
        props.put("comment", comment);
        props.put("metrics.retention-period", retention);
        props.put("write.format.default", "parquet");
        props.put("write.parquet.compression-codec", "zstd");
        props.put("write.metadata.delete-after-commit.enabled", "true");
        props.put("write.metadata.metrics.default", "truncate(16)");
        return props;
    }

    /** The Parquet settings batch-jobs/bench/storage.sh measured, dictionaries off on these columns. */
    private static void storage(Map<String, String> props, String... withoutDictionary) {
        props.put("write.parquet.page-version", "v2");
        props.put("write.parquet.dict-size-bytes", "8388608");
        props.put("write.parquet.compression-level", "9");
        props.put("write.parquet.page-size-bytes", "4194304");
        props.put("write.parquet.page-row-limit", "100000");
        for (String column : withoutDictionary) {
            props.put("write.parquet.dict-encoding-enabled.column." + column, "false");
        }
    }

    private static Map<String, String> rollupShared(Map<String, String> props) {
        storage(props, "bucket_start", "first_ts", "last_ts", "sum", "min", "max", "first", "last",
                "counter_increase");
        props.put("write.metadata.metrics.column.metric", "full");
        props.put("write.metadata.metrics.column.series_id", "full");
        props.put("write.metadata.metrics.column.bucket_start", "full");
        props.put("write.metadata.metrics.column.sketch", "counts");
        return props;
    }

    static Map<String, String> rawPointsProperties(String retention) {
        Map<String, String> props =
                common("Raw data points, one row per accepted point", retention);
        props.put("commit.retry.num-retries", "10");
        props.put("history.expire.max-snapshot-age-ms", "86400000");
        props.put("write.distribution-mode", "hash");
        props.put("write.metadata.previous-versions-max", "100");
        props.put("write.target-file-size-bytes", "268435456");
        props.put("write.metadata.metrics.column.metric", "full");
        props.put("write.metadata.metrics.column.series_id", "full");
        props.put("write.metadata.metrics.column.ts", "full");
        props.put("write.metadata.metrics.column.batch_id", "counts");
        storage(props, "ts", "ingested_at", "value");
        return props;
    }

    static Map<String, String> speedRollupProperties(String retention) {
        Map<String, String> props =
                common(
                        "Provisional 1-minute rollups from the speed layer (upserted every"
                            + " trigger)",
                        retention);
        props.put("commit.retry.num-retries", "10");
        props.put("history.expire.max-snapshot-age-ms", "86400000");
        props.put("write.distribution-mode", "hash");
        props.put("write.metadata.previous-versions-max", "100");
        props.put("write.target-file-size-bytes", "134217728");
        props.put("write.merge.mode", "merge-on-read");
        props.put("write.update.mode", "merge-on-read");
        props.put("write.delete.mode", "merge-on-read");
        return rollupShared(props);
    }

    static Map<String, String> rollup1mProperties(String retention) {
        Map<String, String> props =
                common("Authoritative 1-minute rollups (batch, one hour per run)", retention);
        props.put("write.distribution-mode", "range");
        props.put("write.metadata.previous-versions-max", "50");
        props.put("write.target-file-size-bytes", "268435456");
        return rollupShared(props);
    }

    static Map<String, String> rollup1hProperties(String retention) {
        Map<String, String> props =
                common("Authoritative hourly rollups (batch, built from rollup_1m)", retention);
        props.put("write.distribution-mode", "range");
        props.put("write.metadata.previous-versions-max", "50");
        props.put("write.target-file-size-bytes", "268435456");
        return rollupShared(props);
    }

    static Map<String, String> seriesProperties() {
        Map<String, String> props =
                common("Series catalog: metric and tags of every series id", "none");
        props.put("write.distribution-mode", "range");
        props.put("write.metadata.previous-versions-max", "50");
        props.put("write.target-file-size-bytes", "134217728");
        props.put("write.merge.mode", "merge-on-read");
        props.put("write.update.mode", "merge-on-read");
        props.put("write.delete.mode", "merge-on-read");
        props.put("write.merge.isolation-level", "serializable");
        props.put("write.metadata.metrics.column.metric", "full");
        props.put("write.metadata.metrics.column.series_id", "full");
        props.put("write.metadata.metrics.column.tags.key", "none");
        props.put("write.metadata.metrics.column.tags.value", "none");
        return props;
    }

    static Map<String, String> partitionLogProperties() {
        Map<String, String> props =
                common("Completion log of rollup partitions, with checksums", "none");
        props.put("write.distribution-mode", "none");
        props.put("write.metadata.previous-versions-max", "50");
        props.put("write.target-file-size-bytes", "16777216");
        props.put("write.metadata.metrics.default", "full");
        return props;
    }

    /** {@code id name required|optional type}, plus key/value ids of maps. */
    static List<String> columns(Schema schema) {
        List<String> result = new ArrayList<>();
        for (Types.NestedField field : schema.columns()) {
            String line =
                    field.fieldId()
                            + " "
                            + field.name()
                            + " "
                            + (field.isRequired() ? "required" : "optional")
                            + " "
                            + field.type();
            if (field.type().isMapType()) {
                Types.MapType map = field.type().asMapType();
                line +=
                        " key="
                                + map.keyId()
                                + " value="
                                + map.valueId()
                                + (map.isValueOptional() ? " optional" : " required");
            }
            result.add(line);
        }
        return result;
    }
}
