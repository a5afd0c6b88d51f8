package io.metrics.lakehouse.speed;

import java.util.Map;
import java.util.Optional;
import org.apache.iceberg.Snapshot;
import org.apache.iceberg.Table;

/**
 * Marks every table commit of the speed layer with the streaming query's id and the micro-batch's
 * epoch (Iceberg snapshot summary properties), and finds such a commit again.
 *
 * <p>Why: Spark replays the last micro-batch after a crash with exactly the same Kafka offsets, but
 * the crash may have come after one of the two table commits. The marker tells which commits of that
 * epoch are already in, so that each is done once (what Iceberg's own streaming sink does per epoch).
 */
final class EpochCommits {

    static final String QUERY_ID = "speed-layer.query-id";
    static final String EPOCH = "speed-layer.epoch";

    private EpochCommits() {
    }

    static Map<String, String> properties(String queryId, long epoch) {
        return Map.of(QUERY_ID, queryId, EPOCH, Long.toString(epoch));
    }

    /**
     * The snapshot that committed this epoch of this query, if any. Only the table's latest
     * speed-layer commit can be it: epochs commit in order and only the last one is ever replayed,
     * so the walk back over the history stops at the first snapshot that carries a marker (other
     * writers' snapshots, e.g. compaction, are stepped over).
     */
    static Optional<Snapshot> find(Table table, String queryId, long epoch) {
        table.refresh();
        Snapshot snapshot = table.currentSnapshot();
        while (snapshot != null) {
            Map<String, String> summary = snapshot.summary();
            if (summary.containsKey(EPOCH)) {
                boolean same = queryId.equals(summary.get(QUERY_ID))
                        && Long.toString(epoch).equals(summary.get(EPOCH));
                return same ? Optional.of(snapshot) : Optional.empty();
            }
            snapshot = snapshot.parentId() == null ? null : table.snapshot(snapshot.parentId());
        }
        return Optional.empty();
    }
}
