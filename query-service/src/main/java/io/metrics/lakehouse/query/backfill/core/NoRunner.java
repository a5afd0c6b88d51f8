package io.metrics.lakehouse.query.backfill.core;

import java.util.Optional;

/**
 * The embedded default: nothing runs backfills yet (no local runner is built; see README), so a
 * request is recorded and stays {@code waiting}. Its progress still shows partitions that other jobs
 * (the scheduled rollups, a manual batch-jobs run) log complete.
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
