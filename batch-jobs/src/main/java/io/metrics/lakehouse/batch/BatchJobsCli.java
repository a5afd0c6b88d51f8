package io.metrics.lakehouse.batch;

import io.metrics.lakehouse.spark.CatalogCheckCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The batch layer's command line: {@code spark-submit --class io.metrics.lakehouse.batch.BatchJobsCli
 * batch-jobs.jar <command>} on a cluster, or {@code java -cp ... BatchJobsCli <command> --local} on one
 * machine. Subcommands: {@code check}, {@code rollup}, {@code status}, {@code backfill}, {@code verify},
 * {@code retention}, {@code compact} (batch-jobs/README.md has examples).
 */
@Command(name = "batch-jobs", mixinStandardHelpOptions = true,
        description = "Spark batch jobs of the metrics lakehouse.",
        subcommands = {CatalogCheckCommand.class, RollupCommand.class, StatusCommand.class,
                BackfillCommand.class, VerifyCommand.class,
                RetentionCommand.class, CompactCommand.class})
public final class BatchJobsCli {

    private BatchJobsCli() {
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new BatchJobsCli()).execute(args));
    }
}
