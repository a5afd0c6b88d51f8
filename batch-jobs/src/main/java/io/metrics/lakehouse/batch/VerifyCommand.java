package io.metrics.lakehouse.batch;

import java.io.PrintWriter;
import java.time.Duration;
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
 * per partition, 1m hours first, then 1h hours:
 * <pre>
 * verify partition=1m/2026-01-01T00:00:00Z result=ok rows=120 checksum=...
 * verify partition=1m/2026-01-01T01:00:00Z result=MISMATCH rows=120 checksum=... logged_rows=120 logged_checksum=...
 * verify partition=1m/2026-01-01T02:00:00Z result=missing
 * verify partition=1m/2025-11-01T00:00:00Z result=expired logged_rows=120 retention=PT720H
 * </pre>
 * A logged partition that the table no longer holds at all and that lies past the table's retention
 * (measured from {@code --now}) was expired by retention, not corrupted: {@code expired}.
 * Exit status 0 when no logged partition mismatches (missing and expired ones are reported, not failures:
 * status and backfill deal with missing ones), {@value #EXIT_MISMATCH} on a mismatch, 1 when the command itself fails.
 * The repair of a mismatch is {@code backfill --force} over its range.
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = "Recompute the checksums of logged rollup partitions from the tables and compare them with the log.")
public final class VerifyCommand implements Callable<Integer> {

    /** Distinct from 1 (the command failed) and 2 (picocli's usage error): the data is not what was logged. */
    public static final int EXIT_MISMATCH = 3;

    @Mixin
    PartitionListing listing;

    @Option(names = "--now", description = "The instant retention is measured from, to tell partitions expired by"
            + " retention from corrupted ones (default: the current time; pass retention's --now).")
    Instant now;

    @Mixin
    SparkJobOptions spark;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    /**
     * Whether retention has removed the partition: it lies before the target table's retention cutoff
     * (rounded down to a partition boundary, as retention deletes whole partitions).
     */
    private static boolean expired(Partition partition, Duration retention, Instant now) {
        if (retention == null) {
            return false;
        }
        Instant cutoff = partition.granularity().tablePartitionStartOf(now.minus(retention));
        return !partition.end().isAfter(cutoff);
    }

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            List<List<Partition>> plans = listing.plans();
            String prefix = listing.metricPrefix();
            Instant at = now != null ? now : Instant.now();
            int mismatches = 0;
            try (BatchSession session = spark.open("verify")) {
                PartitionLog log = new PartitionLog(session);
                for (List<Partition> partitions : plans) {
                    Granularity g = partitions.get(0).granularity();
                    Instant planEnd = partitions.get(partitions.size() - 1).end();
                    Map<Instant, LogEntry> logged = log.latest(g, prefix, partitions.get(0).start(), planEnd);
                    Duration retention = RetentionCommand.period(session, g.targetTable(), null);
                    for (Partition partition : partitions) {
                        LogEntry entry = logged.get(partition.start());
                        String line = "verify partition=" + partition;
                        if (entry == null) {
                            line += " result=missing";
                        } else {
                            PartitionChecksum actual = RollupRunner.stored(session, partition, prefix);
                            boolean ok = actual.rows() == entry.rowCount() && actual.hex().equals(entry.checksum());
                            if (!ok && actual.rows() == 0 && expired(partition, retention, at)) {
                                line += " result=expired logged_rows=" + entry.rowCount() + " retention=" + retention;
                            } else {
                                line += " result=" + (ok ? "ok" : "MISMATCH") + " rows=" + actual.rows()
                                        + " checksum=" + actual.hex();
                                if (!ok) {
                                    mismatches++;
                                    line += " logged_rows=" + entry.rowCount() + " logged_checksum=" + entry.checksum();
                                }
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
