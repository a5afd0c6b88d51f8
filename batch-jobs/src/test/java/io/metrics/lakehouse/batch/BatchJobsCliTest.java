package io.metrics.lakehouse.batch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.metrics.lakehouse.local.LocalStackExtension;
import io.metrics.lakehouse.local.StackEndpoints;
import io.metrics.lakehouse.schemas.IcebergCatalogs;
import io.metrics.lakehouse.schemas.TableManager;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import org.apache.iceberg.catalog.Catalog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import picocli.CommandLine;

@ExtendWith(LocalStackExtension.class)
class BatchJobsCliTest {

    @Test
    void checkReportsEveryProductTable(StackEndpoints stack) throws Exception {
        Catalog catalog = IcebergCatalogs.load(stack.icebergCatalogName(), stack.icebergCatalogProperties());
        TableManager.ensureAll(catalog);
        if (catalog instanceof AutoCloseable closeable) {
            closeable.close();
        }
        Path config = writeCatalogConfig(stack);

        StringWriter out = new StringWriter();
        int exit = run(out, new StringWriter(), "check", "--local", "--catalog-config", config.toString());

        assertEquals(0, exit);
        // The stack is shared by the test classes of this JVM: other tests may have written rows.
        List<String> lines = out.toString().lines().toList();
        List<String> tables = List.of("raw_points", "speed_rollup_1m", "rollup_1m", "rollup_1h", "series", "rollup_partition_log");
        assertEquals(tables.size(), lines.size(), out.toString());
        for (int i = 0; i < tables.size(); i++) {
            assertTrue(lines.get(i).matches("metrics\\." + tables.get(i) + " rows=\\d+ snapshot=(none|\\d+)"), lines.get(i));
        }
    }

    @Test
    void checkFailsWithTheReasonWhenTheConfigIsMissing() {
        StringWriter err = new StringWriter();
        int exit = run(new StringWriter(), err, "check", "--local", "--catalog-config", "/nonexistent/catalog.properties");
        assertEquals(1, exit);
        assertTrue(err.toString().startsWith("check failed: cannot read catalog config /nonexistent/catalog.properties"),
                err.toString());
    }

    @Test
    void backfillRefusesAnUnknownProgressModeBeforeStartingSpark() {
        StringWriter err = new StringWriter();
        int exit = run(new StringWriter(), err, "backfill", "--from", "2026-01-01T00:00:00Z", "--to",
                "2026-01-01T01:00:00Z", "--progress", "fancy", "--local", "--catalog-config", "/nonexistent/catalog.properties");
        assertEquals(1, exit);
        assertEquals("backfill failed: --progress must be auto, bar or lines: fancy", err.toString().strip());
    }

    @Test
    void verifyRefusesARangeOffHourBoundaries() {
        StringWriter err = new StringWriter();
        int exit = run(new StringWriter(), err, "verify", "--from", "2026-01-01T00:30:00Z", "--to",
                "2026-01-01T01:00:00Z", "--local", "--catalog-config", "/nonexistent/catalog.properties");
        assertEquals(1, exit);
        assertEquals("verify failed: --from and --to must be on 1m partition boundaries (whole hours UTC):"
                + " 2026-01-01T00:30:00Z, 2026-01-01T01:00:00Z", err.toString().strip());
    }

    private static int run(Writer out, Writer err, String... args) {
        CommandLine cli = new CommandLine(BatchJobsCli.class);
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    private static Path writeCatalogConfig(StackEndpoints stack) throws Exception {
        Properties props = new Properties();
        props.putAll(stack.icebergCatalogProperties());
        Path file = Files.createTempFile("catalog", ".properties");
        try (Writer w = Files.newBufferedWriter(file)) {
            props.store(w, null);
        }
        return file;
    }
}
