package io.metrics.lakehouse.schemas.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.metrics.lakehouse.local.LocalStackExtension;
import io.metrics.lakehouse.local.StackEndpoints;
import io.metrics.lakehouse.schemas.TestCatalogs;

import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/** The CLI run in-process (as {@code main} would, minus System.exit) against the real stack. */
@ExtendWith(LocalStackExtension.class)
class SchemasCliTest {

    private static StackEndpoints stack;
    private static Catalog catalog;

    @TempDir Path dir;

    private Namespace namespace;

    @BeforeAll
    static void openCatalog(StackEndpoints endpoints) {
        stack = endpoints;
        catalog = TestCatalogs.open(endpoints);
    }

    @AfterAll
    static void closeCatalog() {
        TestCatalogs.close(catalog);
    }

    @BeforeEach
    void freshNamespace() {
        namespace = TestCatalogs.throwAwayNamespace();
    }

    @AfterEach
    void dropNamespace() {
        TestCatalogs.dropNamespace(catalog, namespace);
    }

    @Test
    void applyCreatesThenReportsUnchangedThenEvolvesRetention() throws IOException {
        // Everything but the password in the file; the password on the command line.
        Map<String, String> props = new java.util.TreeMap<>(stack.icebergCatalogProperties());
        String password = props.remove("jdbc.password");
        Path config = writeProperties(props);
        String[] catalogArgs = {
            "--catalog-config", config.toString(),
            "--catalog-property", "jdbc.password=" + password,
            "--namespace", namespace.toString()
        };

        Run first = run(concat(new String[] {"apply"}, catalogArgs));
        assertEquals(0, first.exitCode, first.toString());
        assertEquals(
                lines(
                        namespace + ".raw_points CREATED",
                        namespace + ".speed_rollup_1m CREATED",
                        namespace + ".rollup_1m CREATED",
                        namespace + ".rollup_1h CREATED",
                        namespace + ".series CREATED",
                        namespace + ".rollup_partition_log CREATED"),
                first.out);
        assertEquals("", first.err);

        Run second = run(concat(new String[] {"apply"}, catalogArgs));
        assertEquals(0, second.exitCode, second.toString());
        assertEquals(
                lines(
                        namespace + ".raw_points UNCHANGED",
                        namespace + ".speed_rollup_1m UNCHANGED",
                        namespace + ".rollup_1m UNCHANGED",
                        namespace + ".rollup_1h UNCHANGED",
                        namespace + ".series UNCHANGED",
                        namespace + ".rollup_partition_log UNCHANGED"),
                second.out);

        Run third =
                run(
                        concat(
                                new String[] {
                                    "apply",
                                    "--raw-retention",
                                    "3d",
                                    "--rollup-1h-retention",
                                    "P730D"
                                },
                                catalogArgs));
        assertEquals(0, third.exitCode, third.toString());
        assertEquals(
                lines(
                        namespace
                                + ".raw_points EVOLVED: set property metrics.retention-period=P3D"
                                + " (was P7D)",
                        namespace + ".speed_rollup_1m UNCHANGED",
                        namespace + ".rollup_1m UNCHANGED",
                        namespace
                                + ".rollup_1h EVOLVED: set property metrics.retention-period=P730D"
                                + " (was P365D)",
                        namespace + ".series UNCHANGED",
                        namespace + ".rollup_partition_log UNCHANGED"),
                third.out);
    }

    @Test
    void describePrintsTheTablesAsTheCatalogHasThem() throws IOException {
        String[] catalogArgs = catalogPropertyArgs();
        assertEquals(0, run(concat(new String[] {"apply"}, catalogArgs)).exitCode);

        Run describe = run(concat(new String[] {"describe"}, catalogArgs));
        assertEquals(0, describe.exitCode, describe.toString());
        assertEquals("", describe.err);

        List<String> out = List.of(describe.out.split("\n"));
        int start = out.indexOf(namespace + ".raw_points");
        assertEquals(
                List.of(
                        namespace + ".raw_points",
                        "  location: s3://warehouse/" + namespace + "/raw_points",
                        "  format-version: 2",
                        "  retention: P7D",
                        "  schema:",
                        "    1: metric: required string (Metric name, e.g. api.latency.p99)",
                        "    2: metric_type: optional string (gauge | counter | histogram-summary;"
                            + " null when the metric is not registered)",
                        "    3: series_id: required long (Stable 64-bit hash of the series'"
                            + " canonical form: metric + sorted tags)",
                        "    4: ts: required timestamptz (Time of the measurement)",
                        "    5: value: required double (Measured value (finite))",
                        "    6: ingested_at: optional timestamptz (When the gateway acknowledged"
                            + " the point)",
                        "    7: source: optional string (How the point arrived, e.g. push-json,"
                                + " prometheus-remote-write, scrape)",
                        "    8: batch_id: optional string (Id of the ingest batch that carried the"
                            + " point; lets jobs detect replayed batches)",
                        "  identifier fields: []",
                        "  partition spec: [day(ts) as ts_day]",
                        "  sort order: [metric ASC NULLS FIRST, series_id ASC NULLS FIRST, ts ASC"
                            + " NULLS FIRST]",
                        "  properties:",
                        "    comment=Raw data points, one row per accepted point",
                        "    commit.retry.num-retries=10",
                        "    history.expire.max-snapshot-age-ms=86400000",
                        "    metrics.retention-period=P7D",
                        "    write.distribution-mode=hash",
                        "    write.format.default=parquet",
                        "    write.metadata.delete-after-commit.enabled=true",
                        "    write.metadata.metrics.column.batch_id=counts",
                        "    write.metadata.metrics.column.metric=full",
                        "    write.metadata.metrics.column.series_id=full",
                        "    write.metadata.metrics.column.ts=full",
                        "    write.metadata.metrics.default=truncate(16)",
                        "    write.metadata.previous-versions-max=100",
                        "    write.parquet.compression-codec=zstd",
                        "    write.parquet.compression-level=9",
                        "    write.parquet.dict-encoding-enabled.column.ingested_at=false",
                        "    write.parquet.dict-encoding-enabled.column.ts=false",
                        "    write.parquet.dict-encoding-enabled.column.value=false",
                        "    write.parquet.dict-size-bytes=8388608",
                        "    write.parquet.page-row-limit=100000",
                        "    write.parquet.page-size-bytes=4194304",
                        "    write.parquet.page-version=v2",
                        "    write.target-file-size-bytes=268435456"),
                out.subList(start, out.indexOf(namespace + ".speed_rollup_1m")));

        assertTrue(out.contains("  identifier fields: [bucket_start, series_id]"), describe.out);
        assertTrue(
                out.contains("  partition spec: [day(bucket_start) as bucket_start_day]"),
                describe.out);
        assertTrue(out.contains("  retention: P365D"), describe.out);
        assertTrue(out.contains("  retention: none"), describe.out);
        assertTrue(out.contains("  partition spec: unpartitioned"), describe.out);
    }

    @Test
    void describeOfMissingTablesFails() {
        Run describe = run(concat(new String[] {"describe"}, catalogPropertyArgs()));
        assertEquals(1, describe.exitCode);
        assertEquals(
                lines(
                        namespace + ".raw_points NOT FOUND",
                        namespace + ".speed_rollup_1m NOT FOUND",
                        namespace + ".rollup_1m NOT FOUND",
                        namespace + ".rollup_1h NOT FOUND",
                        namespace + ".series NOT FOUND",
                        namespace + ".rollup_partition_log NOT FOUND"),
                describe.out);
        assertEquals(lines("error: 6 of 6 tables do not exist (run apply)"), describe.err);
    }

    @Test
    void configWithoutUriFailsWithOneLine() throws IOException {
        Map<String, String> props = new java.util.TreeMap<>(stack.icebergCatalogProperties());
        props.remove("uri");
        Run run =
                run(
                        "apply",
                        "--catalog-config",
                        writeProperties(props).toString(),
                        "--namespace",
                        namespace.toString());
        assertEquals(1, run.exitCode);
        assertEquals("", run.out);
        assertEquals(
                lines("error: catalog property 'uri' is required for a jdbc catalog"), run.err);
    }

    @Test
    void usageErrorsFailWithOneLine() {
        Run noConfig = run("apply");
        assertEquals(1, noConfig.exitCode);
        assertEquals(
                lines(
                        "error: no catalog configuration: pass --catalog-config FILE and/or"
                            + " --catalog-property KEY=VALUE"),
                noConfig.err);

        Run badDuration =
                run("apply", "--raw-retention", "soon", "--catalog-property", "type=jdbc");
        assertEquals(1, badDuration.exitCode);
        assertEquals(
                lines(
                        "error: Invalid value for option '--raw-retention': not a duration: 'soon'"
                            + " (use e.g. P7D or 7d) (see iceberg-schemas apply --help)"),
                badDuration.err);

        Run missingFile =
                run("describe", "--catalog-config", dir.resolve("absent.properties").toString());
        assertEquals(1, missingFile.exitCode);
        assertEquals(
                lines(
                        "error: cannot read catalog config "
                                + dir.resolve("absent.properties")
                                + ": NoSuchFileException "
                                + dir.resolve("absent.properties")),
                missingFile.err);

        Run noCommand = run();
        assertEquals(1, noCommand.exitCode);
        assertEquals(
                lines("error: missing subcommand: apply or describe (see iceberg-schemas --help)"),
                noCommand.err);
    }

    @Test
    void unreachableCatalogFailsWithOneLineUnlessVerbose() {
        String[] args = {
            "apply",
            "--catalog-property",
            "type=jdbc",
            "--catalog-property",
            "uri=jdbc:postgresql://127.0.0.1:1/iceberg_catalog",
            "--catalog-property",
            "warehouse=s3://warehouse/",
            "--namespace",
            namespace.toString()
        };
        Run quiet = run(args);
        assertEquals(1, quiet.exitCode);
        assertEquals(
                lines(
                        "error: Failed to connect: jdbc:postgresql://127.0.0.1:1/iceberg_catalog"
                            + " (caused by Connection refused)"),
                quiet.err);

        Run verbose = run(concat(args, new String[] {"--verbose"}));
        assertEquals(1, verbose.exitCode);
        assertTrue(verbose.err.startsWith(quiet.err), verbose.err);
        assertTrue(verbose.err.contains("at org.apache.iceberg.jdbc.JdbcCatalog"), verbose.err);
    }

    // ---------------------------------------------------------------------------------------------

    private String[] catalogPropertyArgs() {
        List<String> args = new ArrayList<>();
        stack.icebergCatalogProperties()
                .forEach(
                        (k, v) -> {
                            args.add("--catalog-property");
                            args.add(k + "=" + v);
                        });
        args.add("--namespace");
        args.add(namespace.toString());
        return args.toArray(new String[0]);
    }

    private Path writeProperties(Map<String, String> props) throws IOException {
        Properties properties = new Properties();
        properties.putAll(props);
        Path file = Files.createTempFile(dir, "catalog", ".properties");
        try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            properties.store(writer, "test catalog");
        }
        return file;
    }

    private static String lines(String... lines) {
        return String.join("\n", lines) + "\n";
    }

    private static String[] concat(String[] a, String[] b) {
        String[] all = new String[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        picocli.CommandLine commandLine = SchemasCli.commandLine();
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int exitCode = commandLine.execute(args);
        return new Run(exitCode, out.toString(), err.toString());
    }

    private record Run(int exitCode, String out, String err) {}
}
