package io.metrics.lakehouse.query.backfill.core;

import java.util.Optional;

/**
 * No Airflow: the request is recorded as {@code waiting}. In the embedded default the launcher's batch
 * schedule claims waiting requests, runs them and records the outcome in the same row, so the state
 * read back from the database is the truth; without that launcher requests stay waiting. Progress
 * still shows partitions that other jobs (the scheduled rollups, a manual batch-jobs run) log complete.
 */
public final class NoRunner implements BackfillRunner {

    public static final String NAME = "none";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Optional<String> dagId() {
        return Optional.empty();
    }

    @Override
    public BackfillState start(Backfill backfill) {
        return BackfillState.WAITING;
    }

    @Override
    public RunStatus status(Backfill backfill) {
        return new RunStatus(backfill.state(), null, null); // no tasks: nothing runs it
    }
}
