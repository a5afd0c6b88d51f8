package io.metrics.lakehouse.batch;

import java.io.PrintWriter;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code verify --from --to [--granularity] [--metric-prefix]}: for every partition of the range, recomputes
 * the checksum of the rows the rollup table holds now and compares it with the latest log row. One line
 * per partition, 1m hours first, then 1h days:
 * <pre>
 * verify partition=1m/2026-01-01T00:00:00Z result=ok rows=120 checksum=...
 * verify partition=1m/2026-01-01T01:00:00Z result=MISMATCH rows=120 checksum=... logged_rows=120 logged_checksum=...
 * verify partition=1m/2026-01-01T02:00:00Z result=missing
 * </pre>
 * Exit status 0 when no logged partition mismatches (missing ones are reported, not failures: status and
 * backfill deal with them), {@value #EXIT_MISMATCH} on a mismatch, 1 when the command itself fails.
 * The repair of a mismatch is {@code backfill --force} over its range.
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Recompute the checksums of logged rollup partitions from the tables and compare them with the log.")
public final class VerifyCommand implements Callable<Integer> {

    /** Distinct from 1 (the command failed) and 2 (picocli's usage error): the data is not what was logged. */
    public static final int EXIT_MISMATCH = 3;

    @Mixin
    RangeOptions range;

    @Option(names = "--granularity", converter = Granularity.Converter.class,
            description = "1m or 1h (default: both).")
    Granularity granularity;

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
            List<Granularity> granularities = granularity == null ? List.of(Granularity.values()) : List.of(granularity);
            int mismatches = 0;
            try (BatchSession session = spark.open("verify")) {
                PartitionLog log = new PartitionLog(session);
                for (Granularity g : granularities) {
                    List<Partition> partitions = Partition.covering(g, range.from, range.to);
                    Instant planEnd = partitions.get(partitions.size() - 1).end();
                    Map<Instant, LogEntry> logged = log.latest(g, range.metricPrefix, partitions.get(0).start(), planEnd);
                    for (Partition partition : partitions) {
                        LogEntry entry = logged.get(partition.start());
                        String line = "verify partition=" + partition;
                        if (entry == null) {
                            line += " result=missing";
                        } else {
                            PartitionChecksum actual = RollupRunner.stored(session, partition, range.metricPrefix);
                            boolean ok = actual.rows() == entry.rowCount() && actual.hex().equals(entry.checksum());
                            line += " result=" + (ok ? "ok" : "MISMATCH") + " rows=" + actual.rows()
                                    + " checksum=" + actual.hex();
                            if (!ok) {
                                mismatches++;
                                line += " logged_rows=" + entry.rowCount() + " logged_checksum=" + entry.checksum();
                            }
                        }
                        out.println(line);
                        out.flush();
                    }
                }
            }
            if (mismatches > 0) {
                err.println("verify: " + mismatches + " partition(s) differ from the completion log;"
                        + " recompute them with backfill --force over their range");
                err.flush();
                return EXIT_MISMATCH;
            }
            return 0;
        } catch (RuntimeException e) {
            err.println("verify failed: " + e.getMessage());
            err.flush();
            return 1;
        }
    }
}
