package io.metrics.lakehouse.batch;

import java.io.PrintWriter;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code backfill --from --to [--metric-prefix] [--force]}: plans the hours of the range at 1m, then at
 * 1h, and recomputes those not complete (missing, or stale because their source changed since they were
 * logged); {@code --force} recomputes all. The hours of one day of 1h rollups are computed in one commit;
 * every commit is logged before the next starts, so a backfill killed halfway and started again resumes
 * after the last finished commit. On a terminal, a progress bar; otherwise one structured line per
 * partition ({@code elapsed_ms}: of the commit that computed it, shared by the hours of one 1h day):
 * {@code backfill partition=1m/2026-01-01T00:00:00Z state=missing action=computed rows=120 checksum=... elapsed_ms=812 progress=3/48}.
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
                    // 1m before 1h: the hours' 1h states are evaluated after their minutes were rewritten, so
                    // an hour whose minutes changed is seen as stale and recomputed.
                    for (List<Partition> plan : List.of(minutes, hours)) {
                        for (List<PartitionStatus> group : Partition.byTablePartition(
                                PartitionStatus.of(session, plan, range.metricPrefix), PartitionStatus::partition)) {
                            long started = System.nanoTime();
                            List<Partition> toRun = group.stream()
                                    .filter(s -> force || s.state() != PartitionStatus.State.COMPLETE)
                                    .map(PartitionStatus::partition).toList();
                            Map<Instant, LogEntry> computed = new HashMap<>();
                            if (!toRun.isEmpty()) {
                                runner.run(toRun, range.metricPrefix).forEach(e -> computed.put(e.partitionStart(), e));
                            }
                            long elapsedMs = (System.nanoTime() - started) / 1_000_000;
                            for (PartitionStatus status : group) {
                                done++;
                                List<String> fields = describe(status, computed.get(status.partition().start()),
                                        elapsedMs, done, total);
                                reporter.finished(String.join(" ", fields), status.partition() + " "
                                        + fields.get(2).substring("action=".length()), done);
                            }
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

    /** {@code computed}: the partition's new log entry, or null when it was skipped. */
    private static List<String> describe(PartitionStatus status, LogEntry computed, long elapsedMs, int done, int total) {
        List<String> fields = new ArrayList<>(List.of("backfill partition=" + status.partition(),
                "state=" + status.state().label()));
        LogEntry entry = computed != null ? computed : status.latest();
        fields.add(computed != null ? "action=computed" : "action=skipped");
        fields.add("rows=" + entry.rowCount());
        fields.add("checksum=" + entry.checksum());
        fields.add("elapsed_ms=" + (computed != null ? elapsedMs : 0));
        fields.add("progress=" + done + "/" + total);
        return fields;
    }
}
