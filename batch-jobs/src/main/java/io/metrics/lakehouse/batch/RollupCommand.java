package io.metrics.lakehouse.batch;

import java.io.PrintWriter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code rollup --granularity 1m|1h --from --to [--metric-prefix]}: recomputes every hour in the range
 * (1m: rollup_1m from raw_points; 1h: rollup_1h from rollup_1m), overwriting it and logging it, in time
 * order; the hours of one day of rollup_1h are computed in one commit. Prints one line per hour.
 *
 * <p>An hour of hourly rollups is built from that hour's 1-minute rollups: an hour whose 1m partition is
 * not logged complete (same metric prefix) is skipped with a message, exit status 0, unless
 * {@code --force}.
 */
@Command(name = "rollup", mixinStandardHelpOptions = true,
        description = "Recompute rollup partitions (hours): 1m (rollup_1m from raw_points) or 1h (rollup_1h from rollup_1m).")
public final class RollupCommand implements Callable<Integer> {

    @Option(names = "--granularity", required = true, converter = Granularity.Converter.class,
            description = "1m or 1h.")
    Granularity granularity;

    @Mixin
    RangeOptions range;

    @Option(names = "--force", description = "1h only: roll up an hour even when its 1m rollups are not logged complete"
            + " (by default such an hour is skipped with a message).")
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
                for (List<Partition> run : Partition.byTablePartition(
                        Partition.covering(granularity, range.from, range.to))) {
                    List<Partition> computable = granularity == Granularity.HOUR && !force
                            ? withCompleteSource(session, run, out) : run;
                    if (computable.isEmpty()) {
                        continue;
                    }
                    for (LogEntry entry : runner.run(computable, range.metricPrefix)) {
                        out.println("rollup partition=" + entry.granularity().code() + "/" + entry.partitionStart()
                                + " action=computed rows=" + entry.rowCount() + " checksum=" + entry.checksum()
                                + " source_snapshot=" + entry.sourceSnapshotId());
                    }
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

    /** The hours of {@code run} whose 1m rollups are logged complete; reports the others as skipped. */
    private List<Partition> withCompleteSource(BatchSession session, List<Partition> run, PrintWriter out) {
        List<PartitionStatus> sources = PartitionStatus.of(session,
                run.stream().map(Partition::minuteSource).toList(), range.metricPrefix);
        List<Partition> computable = new ArrayList<>();
        for (int i = 0; i < run.size(); i++) {
            PartitionStatus source = sources.get(i);
            if (source.state() == PartitionStatus.State.COMPLETE) {
                computable.add(run.get(i));
            } else {
                out.println("rollup partition=" + run.get(i) + " action=skipped reason=1m-rollup-not-complete state="
                        + source.state().label() + " (roll up the hour at 1m first, or pass --force)");
            }
        }
        out.flush();
        return computable;
    }
}
