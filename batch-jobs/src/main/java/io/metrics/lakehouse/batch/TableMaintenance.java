package io.metrics.lakehouse.batch;

import java.time.Duration;
import java.time.Instant;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.actions.DeleteOrphanFiles;
import org.apache.iceberg.actions.ExpireSnapshots;
import org.apache.iceberg.spark.actions.SparkActions;
import org.apache.iceberg.util.PropertyUtil;
import org.apache.spark.sql.SparkSession;

/**
 * The file-level housekeeping after retention: expire old snapshots (and the files only they
 * reference), then delete files under the table's location that no metadata references (leftovers of
 * failed writes). Both measured from the wall clock: they concern when files were written, not the
 * data's timestamps.
 */
final class TableMaintenance {

    /** What one table's housekeeping removed. */
    record Result(long expiredSnapshots, long deletedDataFiles, long deletedDeleteFiles, long deletedManifests,
            long orphanFiles) {
    }

    private final SparkSession spark;

    TableMaintenance(SparkSession spark) {
        this.spark = spark;
    }

    /**
     * @param snapshotMaxAge snapshots older than this are expired (the last one is always kept); null: the
     *     table's {@code history.expire.max-snapshot-age-ms}
     * @param orphanMinAge only unreferenced files older than this are deleted, so that files of a write
     *     still in progress are not
     */
    Result run(Table table, Instant wallNow, Duration snapshotMaxAge, Duration orphanMinAge) {
        Duration maxAge = snapshotMaxAge != null ? snapshotMaxAge : Duration.ofMillis(PropertyUtil.propertyAsLong(
                table.properties(), TableProperties.MAX_SNAPSHOT_AGE_MS, TableProperties.MAX_SNAPSHOT_AGE_MS_DEFAULT));
        int before = countSnapshots(table);
        ExpireSnapshots.Result expired = SparkActions.get(spark).expireSnapshots(table)
                .expireOlderThan(wallNow.minus(maxAge).toEpochMilli())
                .retainLast(1)
                .execute();
        table.refresh();
        int after = countSnapshots(table);
        // Prefix listing through the table's FileIO (S3FileIO): no Hadoop file system for s3:// needed.
        DeleteOrphanFiles.Result orphans = SparkActions.get(spark).deleteOrphanFiles(table)
                .olderThan(wallNow.minus(orphanMinAge).toEpochMilli())
                .usePrefixListing(true)
                .execute();
        return new Result(before - after, expired.deletedDataFilesCount(),
                expired.deletedPositionDeleteFilesCount() + expired.deletedEqualityDeleteFilesCount(),
                expired.deletedManifestsCount() + expired.deletedManifestListsCount(), orphans.orphanFilesCount());
    }

    private static int countSnapshots(Table table) {
        int n = 0;
        for (var ignored : table.snapshots()) {
            n++;
        }
        return n;
    }
}
