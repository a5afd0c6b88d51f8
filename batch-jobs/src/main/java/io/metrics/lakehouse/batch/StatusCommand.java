package io.metrics.lakehouse.batch;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code status --from --to [--granularity] [--metric-prefix]}: one line per partition in the range:
 * complete, stale or missing (see {@link PartitionStatus}); 1m hours first, then 1h hours.
 */
@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show which rollup partitions are complete, stale or missing.")
public final class StatusCommand implements Callable<Integer> {

    @Mixin
    PartitionListing listing;

    @Mixin
    SparkJobOptions spark;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            List<List<Partition>> plans = listing.plans();
            try (BatchSession session = spark.open("status")) {
                for (List<Partition> plan : plans) {
                    for (PartitionStatus status : PartitionStatus.of(session, plan, listing.metricPrefix())) {
                        out.println(status);
                    }
                }
            }
            out.flush();
            return 0;
        } catch (RuntimeException e) {
            err.println("status failed: " + e.getMessage());
            err.flush();
            return 1;
        }
    }
}
