package io.metrics.lakehouse.batch;

import io.metrics.lakehouse.schemas.MetricsTables;
import io.metrics.lakehouse.schemas.TableDefinition;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code retention [--now] [--raw-retention ...]}: expires the partitions older than each table's
 * retention (the {@code metrics.retention-period} table property, P7D / P2D / P30D / P365D by default,
 * or the options), keeping raw days whose 1m rollups are not all logged complete; then expires old
 * snapshots and deletes orphan files of every product table. One line per expired or kept partition
 * range, then one per table's housekeeping:
 * <pre>
 * retention table=raw_points partition=2026-01-01 action=expired files=24 rows=86400000
 * retention table=raw_points partition=2026-01-02 action=kept reason=1m-rollups-not-complete not_complete=2/24 first=2026-01-02T05:00:00Z:missing
 * retention table=rollup_1m before=2025-12-08T00:00:00Z action=expired files=24 rows=1440000
 * maintenance table=raw_points expired_snapshots=1200 deleted_data_files=0 deleted_delete_files=0 deleted_manifests=2400 orphan_files=0
 * </pre>
 */
@Command(name = "retention", mixinStandardHelpOptions = true,
        description = "Expire data older than each table's retention (never raw days whose 1m rollups are not complete),"
                + " then expire snapshots and delete orphan files.")
public final class RetentionCommand implements Callable<Integer> {

    @Option(names = "--now", description = "The instant retention is measured from (default: the current time;"
            + " tests and replays pass a fixed one). Snapshot expiry and orphan files use the wall clock.")
    Instant now;

    @Option(names = "--raw-retention", description = "Override raw_points' retention (ISO-8601, e.g. P7D).")
    Duration rawRetention;

    @Option(names = "--speed-rollup-1m-retention", description = "Override speed_rollup_1m's retention (e.g. P2D).")
    Duration speedRollup1mRetention;

    @Option(names = "--rollup-1m-retention", description = "Override rollup_1m's retention (e.g. P30D).")
    Duration rollup1mRetention;

    @Option(names = "--rollup-1h-retention", description = "Override rollup_1h's retention (e.g. P365D).")
    Duration rollup1hRetention;

    @Option(names = "--snapshot-max-age", description = "Expire snapshots older than this (default: each table's"
            + " history.expire.max-snapshot-age-ms); the current snapshot is always kept.")
    Duration snapshotMaxAge;

    @Option(names = "--orphan-min-age", defaultValue = "P3D", description = "Delete unreferenced files only when"
            + " older than this, so that files of writes in progress survive (default: ${DEFAULT-VALUE}).")
    Duration orphanMinAge;

    @Option(names = "--skip-maintenance", description = "Only expire data: no snapshot expiry, no orphan files.")
    boolean skipMaintenance;

    @Mixin
    SparkJobOptions spark;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            Instant wallNow = Instant.now();
            try (BatchSession session = spark.open("retention")) {
                RetentionJob.Periods periods = new RetentionJob.Periods(
                        period(session, MetricsTables.RAW_POINTS, rawRetention),
                        period(session, MetricsTables.SPEED_ROLLUP_1M, speedRollup1mRetention),
                        period(session, MetricsTables.ROLLUP_1M, rollup1mRetention),
                        period(session, MetricsTables.ROLLUP_1H, rollup1hRetention));
                new RetentionJob(session, line -> {
                    out.println(line);
                    out.flush();
                }).run(now != null ? now : wallNow, periods);
                if (!skipMaintenance) {
                    TableMaintenance maintenance = new TableMaintenance(session.spark());
                    for (String table : MetricsTables.TABLE_NAMES) {
                        TableMaintenance.Result r = maintenance.run(session.icebergTable(table), wallNow,
                                snapshotMaxAge, orphanMinAge);
                        out.println("maintenance table=" + table + " expired_snapshots=" + r.expiredSnapshots()
                                + " deleted_data_files=" + r.deletedDataFiles() + " deleted_delete_files="
                                + r.deletedDeleteFiles() + " deleted_manifests=" + r.deletedManifests()
                                + " orphan_files=" + r.orphanFiles());
                        out.flush();
                    }
                }
            }
            return 0;
        } catch (RuntimeException e) {
            err.println("retention failed: " + e.getMessage());
            err.flush();
            return 1;
        }
    }

    /** The option if given, else the table's retention property; null when that says {@code none} (kept forever). */
    static Duration period(BatchSession session, String table, Duration override) {
        if (override != null) {
            if (override.isNegative() || override.isZero()) {
                throw new IllegalArgumentException("retention of " + table + " must be positive: " + override);
            }
            return override;
        }
        String property = session.icebergTable(table).properties().get(TableDefinition.RETENTION_PROPERTY);
        return TableDefinition.parseRetention(property).orElse(null);
    }
}
