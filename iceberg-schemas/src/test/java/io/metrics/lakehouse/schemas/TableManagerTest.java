package io.metrics.lakehouse.schemas;

import static org.apache.iceberg.types.Types.NestedField.optional;
import static org.apache.iceberg.types.Types.NestedField.required;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.metrics.lakehouse.local.LocalStackExtension;
import io.metrics.lakehouse.local.StackEndpoints;
import io.metrics.lakehouse.schemas.EnsureResult.Status;

import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SortOrder;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableMetadata;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.GenericRecord;
import org.apache.iceberg.data.IcebergGenerics;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.iceberg.types.Types;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.IOException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

/** TableManager against the real JDBC catalog (PostgreSQL) with S3FileIO (S3Proxy). */
@ExtendWith(LocalStackExtension.class)
class TableManagerTest {

    private static Catalog catalog;

    private Namespace namespace;
    private MetricsTables tables;

    @BeforeAll
    static void openCatalog(StackEndpoints stack) {
        catalog = TestCatalogs.open(stack);
    }

    @AfterAll
    static void closeCatalog() {
        TestCatalogs.close(catalog);
    }

    @BeforeEach
    void freshNamespace() {
        namespace = TestCatalogs.throwAwayNamespace();
        tables = MetricsTables.of(namespace, RetentionPolicy.defaults());
    }

    @AfterEach
    void dropNamespace() {
        TestCatalogs.dropNamespace(catalog, namespace);
    }

    @Test
    void ensureAllCreatesTheSixTablesExactlyThenReportsUnchanged() {
        List<EnsureResult> first = TableManager.ensureAll(catalog, tables.all());

        assertEquals(
                List.of(
                        Status.CREATED,
                        Status.CREATED,
                        Status.CREATED,
                        Status.CREATED,
                        Status.CREATED,
                        Status.CREATED),
                first.stream().map(EnsureResult::status).collect(Collectors.toList()));
        assertEquals(
                List.of(
                        namespace + ".raw_points CREATED",
                        namespace + ".speed_rollup_1m CREATED",
                        namespace + ".rollup_1m CREATED",
                        namespace + ".rollup_1h CREATED",
                        namespace + ".series CREATED",
                        namespace + ".rollup_partition_log CREATED"),
                first.stream().map(EnsureResult::toString).collect(Collectors.toList()));
        assertEquals(true, ((SupportsNamespaces) catalog).namespaceExists(namespace));

        Table raw = load("raw_points");
        assertEquals(ExpectedTables.RAW_POINTS_COLUMNS, ExpectedTables.columns(raw.schema()));
        // Same ids, names, types, nullability and docs as the code: nothing was renumbered.
        assertEquals(tables.rawPoints().schema().asStruct(), raw.schema().asStruct());
        assertEquals(List.of("day(ts) as ts_day"), TableManager.describe(raw.spec()));
        assertEquals(
                List.of(
                        "metric ASC NULLS FIRST",
                        "series_id ASC NULLS FIRST",
                        "ts ASC NULLS FIRST"),
                TableManager.describe(raw.sortOrder()));
        assertEquals(ExpectedTables.rawPointsProperties("P7D"), raw.properties());
        assertEquals(2, TableManager.formatVersion(raw));
        assertEquals("s3://warehouse/" + namespace + "/raw_points", raw.location());

        Table speed = load("speed_rollup_1m");
        assertEquals(ExpectedTables.SPEED_ROLLUP_COLUMNS, ExpectedTables.columns(speed.schema()));
        assertEquals(tables.speedRollup1m().schema().asStruct(), speed.schema().asStruct());
        assertEquals(Set.of("series_id", "bucket_start"), speed.schema().identifierFieldNames());
        assertEquals(
                List.of("hour(bucket_start) as bucket_start_hour"),
                TableManager.describe(speed.spec()));
        assertEquals(ExpectedTables.ROLLUP_SORT, TableManager.describe(speed.sortOrder()));
        assertEquals(ExpectedTables.speedRollupProperties("P2D"), speed.properties());
        assertEquals(2, TableManager.formatVersion(speed));

        Table rollup1m = load("rollup_1m");
        assertEquals(ExpectedTables.ROLLUP_COLUMNS, ExpectedTables.columns(rollup1m.schema()));
        assertEquals(tables.rollup1m().schema().asStruct(), rollup1m.schema().asStruct());
        assertEquals(Set.of("series_id", "bucket_start"), rollup1m.schema().identifierFieldNames());
        assertEquals(
                List.of("hour(bucket_start) as bucket_start_hour"),
                TableManager.describe(rollup1m.spec()));
        assertEquals(ExpectedTables.ROLLUP_SORT, TableManager.describe(rollup1m.sortOrder()));
        assertEquals(ExpectedTables.rollup1mProperties("P30D"), rollup1m.properties());
        assertEquals(2, TableManager.formatVersion(rollup1m));

        Table rollup1h = load("rollup_1h");
        assertEquals(ExpectedTables.ROLLUP_COLUMNS, ExpectedTables.columns(rollup1h.schema()));
        assertEquals(tables.rollup1h().schema().asStruct(), rollup1h.schema().asStruct());
        assertEquals(
                List.of("day(bucket_start) as bucket_start_day"),
                TableManager.describe(rollup1h.spec()));
        assertEquals(ExpectedTables.ROLLUP_SORT, TableManager.describe(rollup1h.sortOrder()));
        assertEquals(ExpectedTables.rollup1hProperties("P365D"), rollup1h.properties());
        assertEquals(2, TableManager.formatVersion(rollup1h));

        Table series = load("series");
        assertEquals(ExpectedTables.SERIES_COLUMNS, ExpectedTables.columns(series.schema()));
        assertEquals(tables.series().schema().asStruct(), series.schema().asStruct());
        assertEquals(Set.of("series_id"), series.schema().identifierFieldNames());
        assertEquals(List.of(), TableManager.describe(series.spec()));
        assertEquals(
                List.of("metric ASC NULLS FIRST", "series_id ASC NULLS FIRST"),
                TableManager.describe(series.sortOrder()));
        assertEquals(ExpectedTables.seriesProperties(), series.properties());
        assertEquals(2, TableManager.formatVersion(series));

        Table log = load("rollup_partition_log");
        assertEquals(ExpectedTables.PARTITION_LOG_COLUMNS, ExpectedTables.columns(log.schema()));
        assertEquals(tables.rollupPartitionLog().schema().asStruct(), log.schema().asStruct());
        assertEquals(List.of(), TableManager.describe(log.spec()));
        assertEquals(
                List.of(
                        "granularity ASC NULLS FIRST",
                        "partition_start ASC NULLS FIRST",
                        "metric_prefix ASC NULLS FIRST",
                        "completed_at ASC NULLS FIRST"),
                TableManager.describe(log.sortOrder()));
        assertEquals(ExpectedTables.partitionLogProperties(), log.properties());
        assertEquals(2, TableManager.formatVersion(log));

        List<String> metadataBefore = metadataLocations();
        List<EnsureResult> second = TableManager.ensureAll(catalog, tables.all());
        assertEquals(
                List.of(
                        namespace + ".raw_points UNCHANGED",
                        namespace + ".speed_rollup_1m UNCHANGED",
                        namespace + ".rollup_1m UNCHANGED",
                        namespace + ".rollup_1h UNCHANGED",
                        namespace + ".series UNCHANGED",
                        namespace + ".rollup_partition_log UNCHANGED"),
                second.stream().map(EnsureResult::toString).collect(Collectors.toList()));
        assertEquals(metadataBefore, metadataLocations(), "an UNCHANGED run commits nothing");
    }

    @Test
    void addsAMissingOptionalColumnAndKeepsExistingRows() throws IOException {
        TableDefinition v1 = tables.rawPoints();
        assertEquals(Status.CREATED, TableManager.ensure(catalog, v1).status());

        Table table = load("raw_points");
        Record first = GenericRecord.create(table.schema());
        first.setField("metric", "api.latency.p99");
        first.setField("metric_type", "gauge");
        first.setField("series_id", 42L);
        first.setField("ts", OffsetDateTime.parse("2026-01-15T10:00:00Z"));
        first.setField("value", 342.5);
        first.setField("ingested_at", OffsetDateTime.parse("2026-01-15T10:00:00.250Z"));
        first.setField("source", "push-json");
        first.setField("batch_id", "b-1");
        Record second = GenericRecord.create(table.schema());
        second.setField("metric", "http.requests");
        second.setField("series_id", -7L);
        second.setField("ts", OffsetDateTime.parse("2026-01-15T10:00:01.000123Z"));
        second.setField("value", 17.0);
        TestCatalogs.append(table, List.of(first, second));

        // v2 of the definition: one more optional column, with the next field id after the table's.
        int nextId = table.schema().highestFieldId() + 1;
        List<Types.NestedField> columns = new ArrayList<>(table.schema().columns());
        columns.add(
                optional(nextId, "host_group", Types.StringType.get(), "Group of the emitting host"));
        TableDefinition v2 = v1.toBuilder().schema(new Schema(columns)).build();

        EnsureResult evolved = TableManager.ensure(catalog, v2);
        assertEquals(Status.EVOLVED, evolved.status());
        assertEquals(List.of("added column host_group (string)"), evolved.changes());
        assertEquals(
                namespace + ".raw_points EVOLVED: added column host_group (string)",
                evolved.toString());

        table = load("raw_points");
        assertEquals(v2.schema().asStruct(), table.schema().asStruct());
        assertEquals(nextId, table.schema().findField("host_group").fieldId());
        assertEquals("Group of the emitting host", table.schema().findField("host_group").doc());

        List<Record> rows = readAll(table);
        rows.sort(Comparator.comparing(r -> (Long) r.getField("series_id")));
        assertEquals(2, rows.size());

        Record readSecond = rows.get(0);
        assertEquals("http.requests", readSecond.getField("metric"));
        assertEquals(-7L, readSecond.getField("series_id"));
        assertEquals(
                OffsetDateTime.parse("2026-01-15T10:00:01.000123Z"), readSecond.getField("ts"));
        assertEquals(17.0, readSecond.getField("value"));
        assertNull(readSecond.getField("metric_type"));
        assertNull(readSecond.getField("host_group"));

        Record readFirst = rows.get(1);
        assertEquals("api.latency.p99", readFirst.getField("metric"));
        assertEquals("gauge", readFirst.getField("metric_type"));
        assertEquals(42L, readFirst.getField("series_id"));
        assertEquals(OffsetDateTime.parse("2026-01-15T10:00:00Z"), readFirst.getField("ts"));
        assertEquals(342.5, readFirst.getField("value"));
        assertEquals(
                OffsetDateTime.parse("2026-01-15T10:00:00.250Z"),
                readFirst.getField("ingested_at"));
        assertEquals("push-json", readFirst.getField("source"));
        assertEquals("b-1", readFirst.getField("batch_id"));
        assertNull(readFirst.getField("host_group"));

        assertEquals(Status.UNCHANGED, TableManager.ensure(catalog, v2).status());
        // The older definition is a subset of the evolved table: nothing to do, nothing dropped.
        assertEquals(Status.UNCHANGED, TableManager.ensure(catalog, v1).status());
        assertEquals(nextId, load("raw_points").schema().findField("host_group").fieldId());
    }

    @Test
    void aTableFromBeforeTagsMovedToSeriesKeepsItsTagsColumn() {
        // raw_points as created before tags moved to the series table: a tags map after series_id.
        TableDefinition current = tables.rawPoints();
        List<Types.NestedField> columns = new ArrayList<>(current.schema().columns());
        int next = current.schema().highestFieldId() + 1;
        columns.add(3, optional(next, "tags", Types.MapType.ofOptional(next + 1, next + 2,
                Types.StringType.get(), Types.StringType.get()), "Normalized tags (key -> value)"));
        TableDefinition before = current.toBuilder().schema(new Schema(columns)).build();
        assertEquals(Status.CREATED, TableManager.ensure(catalog, before).status());

        assertEquals(Status.UNCHANGED, TableManager.ensure(catalog, current).status());
        assertEquals(List.of("metric", "metric_type", "series_id", "tags", "ts", "value", "ingested_at", "source",
                "batch_id"), load("raw_points").schema().columns().stream().map(Types.NestedField::name).toList());
    }

    @Test
    void refusesToRetypeAColumnAndLeavesTheTableUnchanged() throws IOException {
        TableDefinition log = tables.rollupPartitionLog();
        TableManager.ensure(catalog, log);
        Table table = load("rollup_partition_log");
        Record row = GenericRecord.create(table.schema());
        row.setField("granularity", "1m");
        row.setField("partition_start", OffsetDateTime.parse("2026-01-15T10:00:00Z"));
        row.setField("partition_end", OffsetDateTime.parse("2026-01-15T11:00:00Z"));
        row.setField("metric_prefix", "");
        row.setField("row_count", 3600L);
        row.setField("checksum", "ab".repeat(32));
        row.setField("source_snapshot_id", 123L);
        row.setField("job_run_id", "run-1");
        row.setField("completed_at", OffsetDateTime.parse("2026-01-15T11:05:00Z"));
        TestCatalogs.append(table, List.of(row));
        String metadataBefore = TestCatalogs.metadataLocation(load("rollup_partition_log"));

        // row_count long -> string, plus a valid new column: the valid part must not be applied
        // either.
        TableDefinition retyped =
                log.toBuilder()
                        .schema(
                                mapColumns(
                                        log.schema(),
                                        f ->
                                                f.name().equals("row_count")
                                                        ? required(
                                                                f.fieldId(),
                                                                f.name(),
                                                                Types.StringType.get(),
                                                                f.doc())
                                                        : f,
                                        optional(10, "note", Types.StringType.get())))
                        .build();

        IncompatibleTableException e =
                assertThrows(
                        IncompatibleTableException.class,
                        () -> TableManager.ensure(catalog, retyped));
        assertEquals(
                List.of(
                        "column row_count is long in the table but string in the definition;"
                            + " columns are never retyped"),
                e.problems());
        assertEquals(
                namespace
                        + ".rollup_partition_log is incompatible with its definition: column"
                        + " row_count is long in the table but string in the definition; columns"
                        + " are never retyped",
                e.getMessage());
        assertEquals(retyped.identifier(), e.identifier());

        Table after = load("rollup_partition_log");
        assertEquals(metadataBefore, TestCatalogs.metadataLocation(after));
        assertEquals(log.schema().asStruct(), after.schema().asStruct());
        assertNull(after.schema().findField("note"));
        List<Record> rows = readAll(after);
        assertEquals(1, rows.size());
        assertEquals(3600L, rows.get(0).getField("row_count"));
    }

    @Test
    void reportsEveryIncompatibilityAtOnce() {
        TableDefinition rollup = tables.rollup1m();
        TableManager.ensure(catalog, rollup);
        String metadataBefore = TestCatalogs.metadataLocation(load("rollup_1m"));

        Schema schema =
                mapColumns(
                        rollup.schema(),
                        f ->
                                f.name().equals("sum")
                                        ? required(f.fieldId(), f.name(), f.type(), f.doc())
                                        : f,
                        required(18, "shard", Types.IntegerType.get()));
        TableDefinition wanted =
                rollup.toBuilder()
                        .schema(schema)
                        .spec(PartitionSpec.builderFor(schema).day("bucket_start").build())
                        .build();

        IncompatibleTableException e =
                assertThrows(
                        IncompatibleTableException.class,
                        () -> TableManager.ensure(catalog, wanted));
        assertEquals(
                List.of(
                        "column sum is optional in the table but required in the definition;"
                            + " existing rows may hold nulls",
                        "required column shard is missing from the table; existing rows have no"
                            + " value for it, so it can only be added as optional",
                        "partition spec is [hour(bucket_start) as bucket_start_hour] in the table"
                            + " but [day(bucket_start) as bucket_start_day] in the definition;"
                            + " partitioning is never changed automatically"),
                e.problems());
        assertEquals(metadataBefore, TestCatalogs.metadataLocation(load("rollup_1m")));
    }

    @Test
    void evolvesPropertiesSortOrderDocsAndNullabilityInOneCommit() {
        TableDefinition v1 = tables.rawPoints();
        TableManager.ensure(catalog, v1);
        String metadataBefore = TestCatalogs.metadataLocation(load("raw_points"));

        TableDefinition base =
                MetricsTables.of(namespace, RetentionPolicy.defaults().withRaw(Duration.ofDays(3)))
                        .rawPoints();
        Schema schema =
                mapColumns(
                        base.schema(),
                        f ->
                                f.name().equals("value")
                                        ? optional(
                                                f.fieldId(),
                                                f.name(),
                                                f.type(),
                                                "Measured value; null if unknown")
                                        : f);
        TableDefinition v2 =
                base.toBuilder()
                        .schema(schema)
                        .sortOrder(SortOrder.builderFor(schema).asc("series_id").asc("ts").build())
                        .property("write.target-file-size-bytes", "134217728")
                        .build();

        EnsureResult result = TableManager.ensure(catalog, v2);
        assertEquals(Status.EVOLVED, result.status());
        assertEquals(
                List.of(
                        "made column value optional",
                        "updated doc of column value",
                        "set sort order [series_id ASC NULLS FIRST, ts ASC NULLS FIRST] (was"
                            + " [metric ASC NULLS FIRST, series_id ASC NULLS FIRST, ts ASC NULLS"
                            + " FIRST])",
                        "set property metrics.retention-period=P3D (was P7D)",
                        "set property write.target-file-size-bytes=134217728 (was 268435456)"),
                result.changes());

        Table table = load("raw_points");
        assertEquals(schema.asStruct(), table.schema().asStruct());
        assertEquals(
                List.of("series_id ASC NULLS FIRST", "ts ASC NULLS FIRST"),
                TableManager.describe(table.sortOrder()));
        Map<String, String> expected = ExpectedTables.rawPointsProperties("P3D");
        expected.put("write.target-file-size-bytes", "134217728");
        assertEquals(expected, table.properties());
        // One transaction: exactly one metadata file after the one before, and no snapshot.
        assertEquals(1, metadataLogSizeSince(table, metadataBefore));
        assertNull(table.currentSnapshot());

        assertEquals(Status.UNCHANGED, TableManager.ensure(catalog, v2).status());
    }

    @Test
    void givesTablesCreatedBeforeTheStorageTuningItsParquetSettings() {
        // As the tables were created before batch-jobs/bench/storage.sh tuned them: zstd at its
        // default level, v1 pages, dictionaries everywhere.
        for (TableDefinition definition : List.of(tables.rawPoints(), tables.rollup1m())) {
            Map<String, String> before = new java.util.HashMap<>(definition.properties());
            before.keySet().removeIf(key -> key.startsWith("write.parquet.")
                    && !key.equals("write.parquet.compression-codec"));
            before.remove("format-version");
            catalog.buildTable(definition.identifier(), definition.schema())
                    .withPartitionSpec(definition.spec())
                    .withSortOrder(definition.sortOrder())
                    .withProperties(before)
                    .create();
        }

        EnsureResult raw = TableManager.ensure(catalog, tables.rawPoints());
        assertEquals(Status.EVOLVED, raw.status());
        assertEquals(
                List.of(
                        "set property write.parquet.compression-level=9",
                        "set property write.parquet.dict-encoding-enabled.column.ingested_at=false",
                        "set property write.parquet.dict-encoding-enabled.column.ts=false",
                        "set property write.parquet.dict-encoding-enabled.column.value=false",
                        "set property write.parquet.dict-size-bytes=8388608",
                        "set property write.parquet.page-row-limit=100000",
                        "set property write.parquet.page-size-bytes=4194304",
                        "set property write.parquet.page-version=v2"),
                raw.changes().stream().sorted().collect(Collectors.toList()));
        assertEquals(ExpectedTables.rawPointsProperties("P7D"), load("raw_points").properties());

        EnsureResult rollup = TableManager.ensure(catalog, tables.rollup1m());
        assertEquals(
                List.of(
                        "set property write.parquet.compression-level=9",
                        "set property write.parquet.dict-encoding-enabled.column.bucket_start=false",
                        "set property write.parquet.dict-encoding-enabled.column.counter_increase=false",
                        "set property write.parquet.dict-encoding-enabled.column.first=false",
                        "set property write.parquet.dict-encoding-enabled.column.first_ts=false",
                        "set property write.parquet.dict-encoding-enabled.column.last=false",
                        "set property write.parquet.dict-encoding-enabled.column.last_ts=false",
                        "set property write.parquet.dict-encoding-enabled.column.max=false",
                        "set property write.parquet.dict-encoding-enabled.column.min=false",
                        "set property write.parquet.dict-encoding-enabled.column.sum=false",
                        "set property write.parquet.dict-size-bytes=8388608",
                        "set property write.parquet.page-row-limit=100000",
                        "set property write.parquet.page-size-bytes=4194304",
                        "set property write.parquet.page-version=v2"),
                rollup.changes().stream().sorted().collect(Collectors.toList()));
        assertEquals(ExpectedTables.rollup1mProperties("P30D"), load("rollup_1m").properties());
    }

    @Test
    void upgradesAFormatVersion1Table() {
        TableDefinition log = tables.rollupPartitionLog();
        ((SupportsNamespaces) catalog).createNamespace(namespace);
        catalog.buildTable(log.identifier(), log.schema())
                .withSortOrder(log.sortOrder())
                .withProperty("format-version", "1")
                .create();

        EnsureResult result = TableManager.ensure(catalog, log);
        // In the definition's (sorted) property order. No zstd change: Iceberg already sets zstd on
        // every new table.
        assertEquals(
                List.of(
                        "set property comment=Completion log of rollup partitions, with checksums",
                        "upgraded format-version 1 -> 2",
                        "set property metrics.retention-period=none",
                        "set property write.distribution-mode=none",
                        "set property write.format.default=parquet",
                        "set property write.metadata.delete-after-commit.enabled=true",
                        "set property write.metadata.metrics.default=full",
                        "set property write.metadata.previous-versions-max=50",
                        "set property write.target-file-size-bytes=16777216"),
                result.changes());
        assertEquals(2, TableManager.formatVersion(load("rollup_partition_log")));
        assertEquals(
                ExpectedTables.partitionLogProperties(), load("rollup_partition_log").properties());
        assertEquals(Status.UNCHANGED, TableManager.ensure(catalog, log).status());
    }

    // ---------------------------------------------------------------------------------------------

    private Table load(String name) {
        return catalog.loadTable(TableIdentifier.of(namespace, name));
    }

    private List<String> metadataLocations() {
        return MetricsTables.TABLE_NAMES.stream()
                .map(name -> TestCatalogs.metadataLocation(load(name)))
                .collect(Collectors.toList());
    }

    private static List<Record> readAll(Table table) throws IOException {
        List<Record> rows = new ArrayList<>();
        try (CloseableIterable<Record> records = IcebergGenerics.read(table).build()) {
            records.forEach(r -> rows.add(r.copy()));
        }
        return rows;
    }

    /** The schema with each column mapped, plus extra columns, keeping identifier fields. */
    private static Schema mapColumns(
            Schema schema, UnaryOperator<Types.NestedField> mapper, Types.NestedField... extra) {
        List<Types.NestedField> columns =
                schema.columns().stream()
                        .map(mapper)
                        .collect(Collectors.toCollection(ArrayList::new));
        columns.addAll(List.of(extra));
        return new Schema(columns, schema.identifierFieldIds());
    }

    private static int metadataLogSizeSince(Table table, String previousMetadata) {
        List<String> log =
                ((HasTableOperations) table)
                        .operations().current().previousFiles().stream()
                                .map(TableMetadata.MetadataLogEntry::file)
                                .collect(Collectors.toList());
        return log.size() - log.indexOf(previousMetadata);
    }
}
