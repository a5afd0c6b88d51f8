package io.metrics.lakehouse.schemas.cli;

import io.metrics.lakehouse.schemas.MetricsTables;
import io.metrics.lakehouse.schemas.TableDefinition;
import io.metrics.lakehouse.schemas.TableManager;

import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.types.Types;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;

/**
 * {@code describe}: prints each table as the catalog has it (not as the code defines it), so it
 * shows what Spark and Trino actually see. Exit code 1 when a table does not exist.
 */
@Command(
        name = "describe",
        mixinStandardHelpOptions = true,
        description =
                "Print each table's schema, partition spec, sort order, properties and retention.")
final class DescribeCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Mixin CatalogOptions catalogOptions;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        int missing = 0;
        try (CatalogOptions.OpenCatalog open = catalogOptions.open()) {
            for (String name : MetricsTables.TABLE_NAMES) {
                TableIdentifier identifier = TableIdentifier.of(catalogOptions.namespace(), name);
                if (!open.catalog().tableExists(identifier)) {
                    out.println(identifier + " NOT FOUND");
                    missing++;
                } else {
                    describe(identifier, open.catalog().loadTable(identifier))
                            .forEach(out::println);
                }
                out.flush();
            }
        }
        if (missing > 0) {
            PrintWriter err = spec.commandLine().getErr();
            err.println(
                    "error: "
                            + missing
                            + " of "
                            + MetricsTables.TABLE_NAMES.size()
                            + " tables do not exist (run apply)");
            err.flush();
            return SchemasCli.ERROR;
        }
        return SchemasCli.OK;
    }

    /** The lines describing one table. */
    static List<String> describe(TableIdentifier identifier, Table table) {
        List<String> lines = new ArrayList<>();
        Map<String, String> properties = new TreeMap<>(table.properties());
        lines.add(identifier.toString());
        lines.add("  location: " + table.location());
        lines.add("  format-version: " + TableManager.formatVersion(table));
        lines.add(
                "  retention: "
                        + properties.getOrDefault(TableDefinition.RETENTION_PROPERTY, "(not set)"));
        lines.add("  schema:");
        for (Types.NestedField field : table.schema().columns()) {
            lines.add("    " + field);
        }
        lines.add(
                "  identifier fields: "
                        + table.schema().identifierFieldNames().stream().sorted().toList());
        lines.add(
                "  partition spec: "
                        + (table.spec().isUnpartitioned()
                                ? "unpartitioned"
                                : TableManager.describe(table.spec())));
        lines.add(
                "  sort order: "
                        + (table.sortOrder().isUnsorted()
                                ? "unsorted"
                                : TableManager.describe(table.sortOrder())));
        lines.add("  properties:");
        properties.forEach((key, value) -> lines.add("    " + key + "=" + value));
        return lines;
    }
}
