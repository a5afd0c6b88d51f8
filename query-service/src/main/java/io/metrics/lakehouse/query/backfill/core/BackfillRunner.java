package io.metrics.lakehouse.query.backfill.core;

import java.util.Optional;

/** Runs backfills somewhere (Airflow) or nowhere; reports their state. */
public interface BackfillRunner {

    /** {@code airflow} or {@code none}, stored with each backfill. */
    String name();

    /** The DAG that runs backfills, for Airflow. */
    Optional<String> dagId();

    /** Starts the backfill; its initial state. Throws {@link RunnerException} when it could not. */
    BackfillState start(Backfill backfill);

    /** The backfill's state now, as this runner knows it. */
    RunStatus status(Backfill backfill);
}
