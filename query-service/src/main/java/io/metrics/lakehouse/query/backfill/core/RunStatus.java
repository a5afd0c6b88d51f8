package io.metrics.lakehouse.query.backfill.core;

import io.metrics.lakehouse.query.backfill.api.TaskView;
import java.util.List;

/**
 * What a runner reports about a backfill now: its state, the tasks it runs (Airflow's task
 * instances; null when it has none or could not be asked) and, when it could not be asked, why ({@code state} is then the last one known).
 */
public record RunStatus(BackfillState state, List<TaskView> tasks, String error) {
}
