package io.metrics.lakehouse.query.backfill.core;

import io.metrics.lakehouse.airflow.AirflowApiException;
import io.metrics.lakehouse.airflow.AirflowClient;
import io.metrics.lakehouse.airflow.AirflowUnreachableException;
import io.metrics.lakehouse.airflow.api.DagRun;
import io.metrics.lakehouse.airflow.api.TriggerDagRun;
import io.metrics.lakehouse.query.backfill.api.TaskView;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs backfills as runs of the backfill DAG ({@code dags/rollup_backfill.py}): the run id is the
 * backfill's id, so a status read needs nothing but the id, and a retried trigger could never start
 * a second run (Airflow answers 409).
 */
public final class AirflowRunner implements BackfillRunner {

    public static final String NAME = "airflow";

    private final AirflowClient client;
    private final String dagId;

    public AirflowRunner(AirflowClient client, String dagId) {
        this.client = client;
        this.dagId = dagId;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Optional<String> dagId() {
        return Optional.of(dagId);
    }

    /** The DAG's conf: the keys and formats {@code plan_days} reads (whole hours, {@code ...T..:..:..Z}). */
    static Map<String, Object> conf(BackfillRequest request) {
        Map<String, Object> conf = new LinkedHashMap<>();
        conf.put("start", request.start().toString());
        conf.put("end", request.end().toString());
        conf.put("metric_prefix", request.metricPrefix());
        conf.put("force", request.force());
        return conf;
    }

    @Override
    public BackfillState start(Backfill backfill) {
        // No logical_date: Airflow uses "now", unique per run; who asked is recorded on our side.
        TriggerDagRun trigger = new TriggerDagRun(backfill.id().toString(), null, conf(backfill.request()), null);
        try {
            return BackfillState.of(client.triggerDagRun(dagId, trigger).state());
        } catch (AirflowApiException | AirflowUnreachableException e) {
            throw new RunnerException(e.getMessage(), e);
        }
    }

    @Override
    public RunStatus status(Backfill backfill) {
        String runId = backfill.id().toString();
        try {
            DagRun run = client.getDagRun(dagId, runId);
            List<TaskView> tasks = client.listTaskInstances(dagId, runId).stream()
                    .map(task -> new TaskView(task.taskId(), task.mapIndex(), task.state(), task.tryNumber(),
                            instant(task.startDate()), instant(task.endDate())))
                    .toList();
            return new RunStatus(BackfillState.of(run.state()), tasks, null);
        } catch (AirflowApiException | AirflowUnreachableException e) {
            // The request stays readable while Airflow is away: last known state plus the reason.
            return new RunStatus(backfill.state(), null, e.getMessage());
        }
    }

    private static String instant(OffsetDateTime at) {
        return at == null ? null : at.toInstant().toString();
    }
}
