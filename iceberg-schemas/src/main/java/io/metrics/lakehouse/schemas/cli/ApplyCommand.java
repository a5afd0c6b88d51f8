package io.metrics.lakehouse.schemas.cli;

import io.metrics.lakehouse.schemas.IncompatibleTableException;
import io.metrics.lakehouse.schemas.MetricsTables;
import io.metrics.lakehouse.schemas.TableDefinition;
import io.metrics.lakehouse.schemas.TableManager;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.concurrent.Callable;

/**
 * {@code apply}: creates or evolves every table; one line per table on stdout, e.g. {@code
 * metrics.raw_points CREATED}. An incompatible table prints {@code <table> FAILED: <problems>}, the
 * other tables are still applied, and the exit code is 1.
 */
@Command(
        name = "apply",
        mixinStandardHelpOptions = true,
        description =
                "Create missing tables and evolve existing ones to their definitions (idempotent).")
final class ApplyCommand implements Callable<Integer> {

    @Spec CommandSpec spec;

    @Mixin CatalogOptions catalogOptions;

    @Mixin RetentionOptions retentionOptions;

    @Override
    public Integer call() {
        MetricsTables tables =
                MetricsTables.of(catalogOptions.namespace(), retentionOptions.policy());
        PrintWriter out = spec.commandLine().getOut();
        int failed = 0;
        try (CatalogOptions.OpenCatalog open = catalogOptions.open()) {
            for (TableDefinition definition : tables.all()) {
                try {
                    out.println(TableManager.ensure(open.catalog(), definition));
                } catch (IncompatibleTableException e) {
                    out.println(
                            definition.identifier()
                                    + " FAILED: "
                                    + String.join("; ", e.problems()));
                    failed++;
                }
                out.flush();
            }
        }
        if (failed > 0) {
            PrintWriter err = spec.commandLine().getErr();
            err.println(
                    "error: "
                            + failed
                            + " table(s) incompatible with their definitions; nothing was committed"
                            + " to them");
            err.flush();
            return SchemasCli.ERROR;
        }
        return SchemasCli.OK;
    }
}
