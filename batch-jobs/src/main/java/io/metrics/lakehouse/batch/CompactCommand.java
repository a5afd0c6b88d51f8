package io.metrics.lakehouse.batch;

import io.metrics.lakehouse.schemas.MetricsTables;
import io.metrics.lakehouse.schemas.MetricsTables.Columns;
import io.metrics.lakehouse.spark.series.SeriesCatalog;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.iceberg.Table;
import org.apache.iceberg.actions.BinPackRewriteFilePlanner;
import org.apache.iceberg.actions.RewriteDataFiles;
import org.apache.iceberg.actions.RewriteManifests;
import org.apache.iceberg.actions.SizeBasedFileRewritePlanner;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.spark.actions.SparkActions;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code compact [--table ...] [--min-input-files] [--settle]}: rewrites the small files the speed layer
 * leaves in raw_points and speed_rollup_1m into files of the table's target size, sorted by the table's
 * sort order, with the delete files of speed_rollup_1m's merge-on-read upserts folded into the data
 * (a data file with any delete file is rewritten, dangling deletes removed); then rewrites the tables'
 * manifests. Only partitions older than {@code --settle} are touched: the stream still commits to the
 * current ones, and a rewrite of a file the stream is deleting rows from would fail to commit.
 * Before that, raw_points days settled past {@code --dedup-horizon} lose their ingest bookkeeping columns
 * ({@link SettledRawRewrite}, one line per day older than the horizon). Then one line per table:
 * {@code compact table=raw_points rewritten_data_files=120 added_data_files=2 rewritten_bytes=... removed_delete_files=0 rewritten_manifests=40 added_manifests=1}.
 *
 * <p>{@code series} is compacted too when named: the speed layer and the 1-minute rollup add a small file
 * of new series to it now and then (a MERGE), and a query's join reads the files of its metric. It is
 * unpartitioned and only grows, so the whole table is rewritten, --settle aside; a MERGE that commits
 * meanwhile fails validation and is retried by its writer ({@link SeriesCatalog}).
 */
@Command(name = "compact", mixinStandardHelpOptions = true,
        description = "Rewrite small data files (folding in merge-on-read deletes) and manifests of the streaming tables.")
public final class CompactCommand implements Callable<Integer> {

    /** The tables written in many small commits. */
    static final List<String> COMPACTED = List.of(MetricsTables.RAW_POINTS, MetricsTables.SPEED_ROLLUP_1M,
            MetricsTables.SERIES);

    @Option(names = "--table", split = ",",
            description = "Tables to compact: raw_points, speed_rollup_1m, series (default: raw_points,speed_rollup_1m).")
    List<String> tables = List.of(MetricsTables.RAW_POINTS, MetricsTables.SPEED_ROLLUP_1M);

    @Option(names = "--min-input-files", defaultValue = "5",
            description = "Rewrite a partition's files once it has at least this many (default: ${DEFAULT-VALUE}).")
    int minInputFiles;

    @Option(names = "--settle", defaultValue = "PT2H",
            description = "Leave partitions that may still receive writes: only data older than now minus this"
                    + " (rounded down to the hour) is rewritten (default: ${DEFAULT-VALUE}).")
    Duration settle;

    @Option(names = "--dedup-horizon", defaultValue = "P1D",
            description = "raw_points days that ended at least this long ago, and whose 24 hours of 1m rollups are"
                    + " logged complete, are rewritten with batch_id and ingested_at set to NULL. The recent days keep"
                    + " them to answer 'which batch carried this point'; no reader needs them once a day's rollups are"
                    + " final (the speed layer drops late copies on (series_id, ts)) (default: ${DEFAULT-VALUE}).")
    Duration dedupHorizon;

    @Option(names = "--now", description = "The instant --settle and --dedup-horizon are measured from (default: the"
            + " current time; tests and benchmarks pass a fixed one).")
    Instant now;

    @Mixin
    SparkJobOptions spark;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            for (String table : tables) {
                if (!COMPACTED.contains(table)) {
                    throw new IllegalArgumentException("--table " + table + ": only the streaming tables "
                            + MetricsTables.RAW_POINTS + " and " + MetricsTables.SPEED_ROLLUP_1M + " and "
                            + MetricsTables.SERIES + " are compacted (the rollup tables are written in whole sorted"
                            + " partitions)");
                }
            }
            if (minInputFiles < 1) {
                throw new IllegalArgumentException("--min-input-files must be at least 1: " + minInputFiles);
            }
            if (dedupHorizon.isNegative()) {
                throw new IllegalArgumentException("--dedup-horizon must not be negative: " + dedupHorizon);
            }
            Instant clock = now != null ? now : Instant.now();
            Instant settledBefore = clock.minus(settle).truncatedTo(ChronoUnit.HOURS);
            try (BatchSession session = spark.open("compact")) {
                for (String name : tables) {
                    if (name.equals(MetricsTables.RAW_POINTS)) {
                        new SettledRawRewrite(session, line -> {
                            out.println(line);
                            out.flush();
                        }).run(clock, dedupHorizon);
                    }
                    out.println(compact(session, name, settledBefore));
                    out.flush();
                }
            }
            return 0;
        } catch (RuntimeException e) {
            err.println("compact failed: " + e.getMessage());
            err.flush();
            return 1;
        }
    }

    private String compact(BatchSession session, String name, Instant settledBefore) {
        Table table = session.icebergTable(name);
        if (table.currentSnapshot() == null) {
            return "compact table=" + name + " action=none reason=empty";
        }
        RewriteDataFiles rewrite = SparkActions.get(session.spark()).rewriteDataFiles(table);
        if (!name.equals(MetricsTables.SERIES)) {
            String timeColumn = name.equals(MetricsTables.RAW_POINTS) ? Columns.TS : Columns.BUCKET_START;
            rewrite = rewrite.filter(Expressions.lessThan(timeColumn, SourceChanges.micros(settledBefore)));
        }
        RewriteDataFiles.Result data = rewrite
                .sort()
                .option(SizeBasedFileRewritePlanner.MIN_INPUT_FILES, Integer.toString(minInputFiles))
                // Any delete file is worth folding in: readers of merge-on-read pay for every one.
                .option(BinPackRewriteFilePlanner.DELETE_FILE_THRESHOLD, "1")
                .option(RewriteDataFiles.REMOVE_DANGLING_DELETES, "true")
                .option(RewriteDataFiles.PARTIAL_PROGRESS_ENABLED, "true")
                .execute();
        table.refresh();
        RewriteManifests.Result manifests = SparkActions.get(session.spark()).rewriteManifests(table).execute();
        return "compact table=" + name + " rewritten_data_files=" + data.rewrittenDataFilesCount()
                + " added_data_files=" + data.addedDataFilesCount() + " rewritten_bytes=" + data.rewrittenBytesCount()
                + " removed_delete_files=" + data.removedDeleteFilesCount()
                + " rewritten_manifests=" + count(manifests.rewrittenManifests())
                + " added_manifests=" + count(manifests.addedManifests());
    }

    private static int count(Iterable<?> items) {
        int n = 0;
        for (Object ignored : items) {
            n++;
        }
        return n;
    }
}
