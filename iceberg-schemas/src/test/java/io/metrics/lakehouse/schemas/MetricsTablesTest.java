package io.metrics.lakehouse.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.apache.iceberg.Schema;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** The definitions themselves (no catalog involved). */
class MetricsTablesTest {

    private final MetricsTables tables = MetricsTables.defaults();

    @Test
    void definesTheSixTablesInNamespaceMetrics() {
        assertEquals(
                List.of(
                        "metrics.raw_points",
                        "metrics.speed_rollup_1m",
                        "metrics.rollup_1m",
                        "metrics.rollup_1h",
                        "metrics.series",
                        "metrics.rollup_partition_log"),
                tables.all().stream()
                        .map(d -> d.identifier().toString())
                        .collect(Collectors.toList()));
        assertEquals(
                TableIdentifier.of("metrics", "rollup_1h"),
                tables.byName("rollup_1h").orElseThrow().identifier());
        assertEquals(Optional.empty(), tables.byName("nope"));
    }

    @Test
    void schemasHaveExplicitIdsInIcebergsFreshIdOrder() {
        assertEquals(
                ExpectedTables.RAW_POINTS_COLUMNS,
                ExpectedTables.columns(tables.rawPoints().schema()));
        assertEquals(
                ExpectedTables.SPEED_ROLLUP_COLUMNS,
                ExpectedTables.columns(tables.speedRollup1m().schema()));
        assertEquals(
                ExpectedTables.ROLLUP_COLUMNS, ExpectedTables.columns(tables.rollup1m().schema()));
        assertEquals(
                ExpectedTables.ROLLUP_COLUMNS, ExpectedTables.columns(tables.rollup1h().schema()));
        assertEquals(
                ExpectedTables.SERIES_COLUMNS, ExpectedTables.columns(tables.series().schema()));
        assertEquals(
                ExpectedTables.PARTITION_LOG_COLUMNS,
                ExpectedTables.columns(tables.rollupPartitionLog().schema()));
        assertEquals(Set.of("series_id"), tables.series().schema().identifierFieldNames());

        assertEquals(Set.of(), tables.rawPoints().schema().identifierFieldNames());
        assertEquals(
                Set.of("series_id", "bucket_start"),
                tables.rollup1m().schema().identifierFieldNames());
        assertEquals(
                "Mergeable quantile sketch of the values: a t-digest serialized by"
                    + " io.airlift.stats.TDigest (Trino: CAST(sketch AS tdigest))",
                tables.rollup1h().schema().findField("sketch").doc());
    }

    @Test
    void specsSortOrdersAndFormatVersion() {
        assertEquals(
                List.of("day(ts) as ts_day"), TableManager.describe(tables.rawPoints().spec()));
        assertEquals(
                List.of("hour(bucket_start) as bucket_start_hour"),
                TableManager.describe(tables.speedRollup1m().spec()));
        assertEquals(
                List.of("hour(bucket_start) as bucket_start_hour"),
                TableManager.describe(tables.rollup1m().spec()));
        assertEquals(
                List.of("day(bucket_start) as bucket_start_day"),
                TableManager.describe(tables.rollup1h().spec()));
        assertTrue(tables.rollupPartitionLog().spec().isUnpartitioned());
        assertTrue(tables.series().spec().isUnpartitioned());
        assertEquals(
                List.of("metric ASC NULLS FIRST", "series_id ASC NULLS FIRST"),
                TableManager.describe(tables.series().sortOrder()));

        assertEquals(
                List.of(
                        "metric ASC NULLS FIRST",
                        "series_id ASC NULLS FIRST",
                        "ts ASC NULLS FIRST"),
                TableManager.describe(tables.rawPoints().sortOrder()));
        assertEquals(
                ExpectedTables.ROLLUP_SORT, TableManager.describe(tables.rollup1m().sortOrder()));
        assertEquals(
                List.of(
                        "granularity ASC NULLS FIRST",
                        "partition_start ASC NULLS FIRST",
                        "metric_prefix ASC NULLS FIRST",
                        "completed_at ASC NULLS FIRST"),
                TableManager.describe(tables.rollupPartitionLog().sortOrder()));

        tables.all().forEach(d -> assertEquals(2, d.formatVersion(), d.identifier().toString()));
    }

    @Test
    void propertiesIncludeFormatVersionAndRetention() {
        Map<String, String> expected = new HashMap<>(ExpectedTables.rawPointsProperties("P7D"));
        expected.put("format-version", "2");
        assertEquals(expected, tables.rawPoints().properties());

        expected = new HashMap<>(ExpectedTables.partitionLogProperties());
        expected.put("format-version", "2");
        assertEquals(expected, tables.rollupPartitionLog().properties());

        expected = new HashMap<>(ExpectedTables.seriesProperties());
        expected.put("format-version", "2");
        assertEquals(expected, tables.series().properties());
    }

    @Test
    void retentionDefaultsAndOverrides() {
        assertEquals(Optional.of(Duration.ofDays(7)), tables.rawPoints().retention());
        assertEquals(Optional.of(Duration.ofDays(2)), tables.speedRollup1m().retention());
        assertEquals(Optional.of(Duration.ofDays(30)), tables.rollup1m().retention());
        assertEquals(Optional.of(Duration.ofDays(365)), tables.rollup1h().retention());
        assertEquals(Optional.empty(), tables.rollupPartitionLog().retention());
        assertEquals(Optional.empty(), tables.series().retention());

        RetentionPolicy policy =
                RetentionPolicy.defaults()
                        .withRaw(Duration.ofHours(36))
                        .withRollup1h(Duration.ofDays(730));
        MetricsTables custom = MetricsTables.of(policy);
        assertEquals("PT36H", custom.rawPoints().properties().get("metrics.retention-period"));
        assertEquals("P730D", custom.rollup1h().properties().get("metrics.retention-period"));
        assertEquals("P30D", custom.rollup1m().properties().get("metrics.retention-period"));
        assertEquals(
                "RetentionPolicy{raw=PT36H, speed_rollup_1m=P2D, rollup_1m=P30D, rollup_1h=P730D}",
                policy.toString());

        IllegalArgumentException e =
                assertThrows(
                        IllegalArgumentException.class, () -> policy.withRollup1m(Duration.ZERO));
        assertEquals("rollup_1m retention must be positive: PT0S", e.getMessage());
    }

    @Test
    void retentionTextRoundTrips() {
        assertEquals("P7D", TableDefinition.formatRetention(Duration.ofDays(7)));
        assertEquals("PT36H", TableDefinition.formatRetention(Duration.ofHours(36)));
        assertEquals(Optional.of(Duration.ofDays(7)), TableDefinition.parseRetention("P7D"));
        assertEquals(Optional.empty(), TableDefinition.parseRetention("none"));
    }

    @Test
    void withNamespaceKeepsEverythingElse() {
        TableDefinition moved = tables.rollup1m().withNamespace(Namespace.of("staging"));
        assertEquals(TableIdentifier.of("staging", "rollup_1m"), moved.identifier());
        assertEquals(tables.rollup1m().properties(), moved.properties());
        assertEquals(tables.rollup1m().spec(), moved.spec());
        assertEquals(tables.rollup1m().sortOrder(), moved.sortOrder());
        assertEquals(tables.rollup1m(), moved.withNamespace(Namespace.of("metrics")));
    }

    @Test
    void builderRejectsMetricsModeForUnknownColumnAndMissingFormatVersion() {
        Schema schema = new Schema(Types.NestedField.required(1, "a", Types.StringType.get()));
        TableIdentifier id = TableIdentifier.of("metrics", "t");
        IllegalArgumentException unknown =
                assertThrows(
                        IllegalArgumentException.class,
                        () ->
                                TableDefinition.builder(id, schema)
                                        .property("format-version", "2")
                                        .metricsMode("b", "full")
                                        .build());
        assertEquals("metrics.t: metrics mode set for unknown column b", unknown.getMessage());

        IllegalArgumentException noVersion =
                assertThrows(
                        IllegalArgumentException.class,
                        () -> TableDefinition.builder(id, schema).build());
        assertEquals(
                "metrics.t: property format-version must be set (e.g. 2)", noVersion.getMessage());
    }
}
