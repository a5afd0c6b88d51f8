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
 * {@code backfill --from --to [--metric-prefix] [--force]}: plans the 1m hour partitions of the range,
 * then the 1h day partitions that intersect it, and recomputes those not complete (missing, or stale
 * because their source changed since they were logged); {@code --force} recomputes all. Each finished
 * partition is logged before the next starts, so a backfill killed halfway and started again resumes
 * after the last finished partition. On a terminal, a progress bar; otherwise one structured line per
 * partition:
 * {@code backfill partition=1m/2026-01-01T00:00:00Z state=missing action=computed rows=120 checksum=... elapsed_ms=812 progress=3/26}.
 */
@Command(name = "backfill", mixinStandardHelpOptions = true,
        description = "Recompute the rollup partitions of a range that are missing or stale (all with --force), resumably.")
public final class BackfillCommand implements Callable<Integer> {

    @Mixin
    RangeOptions range;

    @Option(names = "--force", description = "Recompute every partition, including those logged complete.")
    boolean force;

    @Option(names = "--progress", defaultValue = "auto", description = "auto (a progress bar on a terminal, lines"
            + " otherwise), bar or lines (one structured line per partition). Default: ${DEFAULT-VALUE}.")
    String progress;

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
            range.requireAligned(Granularity.MINUTE);
            boolean bar = BackfillProgress.wantsBar(progress);
            String runId = jobRunId != null ? jobRunId : UUID.randomUUID().toString();
            try (BatchSession session = spark.open("backfill")) {
                RollupRunner runner = new RollupRunner(session, runId, Clock.systemUTC());
                List<Partition> minutes = Partition.covering(Granularity.MINUTE, range.from, range.to);
                List<Partition> hours = Partition.covering(Granularity.HOUR, range.from, range.to);
                int total = minutes.size() + hours.size();
                int done = 0;
                try (BackfillProgress reporter = BackfillProgress.of(bar, total, out)) {
                    // 1m before 1h: the day's states are evaluated after its hours were rewritten, so a
                    // day whose minutes changed is seen as stale and recomputed.
                    for (List<Partition> plan : List.of(minutes, hours)) {
                        for (PartitionStatus status : PartitionStatus.of(session, plan, range.metricPrefix)) {
                            done++;
                            List<String> fields = runOne(runner, status, done, total);
                            reporter.finished(String.join(" ", fields), status.partition() + " "
                                    + fields.get(2).substring("action=".length()), done);
                        }
                    }
                }
            }
            return 0;
        } catch (RuntimeException e) {
            err.println("backfill failed: " + e.getMessage());
            err.flush();
            return 1;
        }
    }

    private List<String> runOne(RollupRunner runner, PartitionStatus status, int done, int total) {
        long started = System.nanoTime();
        String state = status.state().name().toLowerCase(java.util.Locale.ROOT);
        List<String> fields = new ArrayList<>(List.of("backfill partition=" + status.partition(), "state=" + state));
        if (status.state() == PartitionStatus.State.COMPLETE && !force) {
            fields.add("action=skipped");
            fields.add("rows=" + status.latest().rowCount());
            fields.add("checksum=" + status.latest().checksum());
        } else {
            LogEntry entry = runner.run(status.partition(), range.metricPrefix);
            fields.add("action=computed");
            fields.add("rows=" + entry.rowCount());
            fields.add("checksum=" + entry.checksum());
        }
        fields.add("elapsed_ms=" + (System.nanoTime() - started) / 1_000_000);
        fields.add("progress=" + done + "/" + total);
        return fields;
    }
}
