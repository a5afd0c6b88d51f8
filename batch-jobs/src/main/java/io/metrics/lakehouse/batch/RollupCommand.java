package io.metrics.lakehouse.batch;

import java.io.PrintWriter;
import java.time.Clock;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code rollup --granularity 1m|1h --from --to [--metric-prefix]}: recomputes every partition in the
 * range (1m: hours of rollup_1m from raw_points; 1h: days of rollup_1h from rollup_1m), overwriting it
 * and logging it, in time order. Prints one line per partition.
 *
 * <p>An hourly partition is built from the day's 24 hours of 1-minute rollups: a day whose hours are not
 * all logged complete (same metric prefix) is skipped with a message, exit status 0 (the hourly DAG asks
 * every hour and the day completes with its last hour), unless {@code --force}.
 */
@Command(name = "rollup", mixinStandardHelpOptions = true,
        description = "Recompute rollup partitions: 1m (hours of rollup_1m from raw_points) or 1h (days of rollup_1h from rollup_1m).")
public final class RollupCommand implements Callable<Integer> {

    @Option(names = "--granularity", required = true, converter = Granularity.Converter.class,
            description = "1m or 1h.")
    Granularity granularity;

    @Mixin
    RangeOptions range;

    @Option(names = "--force", description = "1h only: roll up a day even when its 24 hours of 1m rollups are not all"
            + " logged complete (by default such a day is skipped with a message).")
    boolean force;

    @Option(names = "--job-run-id", description = "Id stored in the completion log (default: a random UUID; Airflow passes its run id).")
    String jobRunId;

    @Mixin
    SparkJobOptions spark;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            range.requireAligned(granularity);
            String runId = jobRunId != null ? jobRunId : UUID.randomUUID().toString();
            try (BatchSession session = spark.open("rollup-" + granularity.code())) {
                RollupRunner runner = new RollupRunner(session, runId, Clock.systemUTC());
                for (Partition partition : Partition.covering(granularity, range.from, range.to)) {
                    if (granularity == Granularity.HOUR && !force) {
                        DayCoverage coverage = DayCoverage.of(session, partition.start(), range.metricPrefix);
                        if (!coverage.complete()) {
                            out.println("rollup partition=" + partition + " action=skipped reason=1m-rollups-not-complete "
                                    + coverage.describe() + " (roll up the missing hours first, or pass --force)");
                            out.flush();
                            continue;
                        }
                    }
                    LogEntry entry = runner.run(partition, range.metricPrefix);
                    out.println("rollup partition=" + partition + " action=computed rows=" + entry.rowCount()
                            + " checksum=" + entry.checksum() + " source_snapshot=" + entry.sourceSnapshotId());
                    out.flush();
                }
            }
            return 0;
        } catch (RuntimeException e) {
            err.println("rollup failed: " + e.getMessage());
            err.flush();
            return 1;
        }
    }
}
