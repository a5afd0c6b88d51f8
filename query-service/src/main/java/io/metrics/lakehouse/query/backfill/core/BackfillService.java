package io.metrics.lakehouse.query.backfill.core;

import com.fasterxml.jackson.databind.JsonNode;
import io.metrics.lakehouse.controlplane.ControlPlaneSchema;
import io.metrics.lakehouse.query.db.ControlPlaneCalls;
import io.metrics.lakehouse.query.backfill.api.BackfillView;
import io.metrics.lakehouse.query.backfill.api.ProgressView;
import io.metrics.lakehouse.query.backfill.api.TaskView;
import io.metrics.lakehouse.query.backfill.db.BackfillDao;
import io.metrics.lakehouse.query.backfill.db.PartitionLogDao;
import io.metrics.lakehouse.query.core.QueryException;
import jakarta.ws.rs.NotFoundException;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Backfills: record a request, hand it to the runner, report its state and its progress per
 * partition from the completion log.
 */
public class BackfillService {

    private static final Logger LOG = LoggerFactory.getLogger(BackfillService.class);
    private static final long RETRY_AFTER_SECONDS = ControlPlaneCalls.RETRY_AFTER_SECONDS;

    private final BackfillValidator validator;
    private final BackfillDao backfills;
    private final PartitionLogDao partitionLog;
    private final BackfillRunner runner;
    private final ControlPlaneCalls calls;
    private final Clock clock;
    private final int listLimit;

    public BackfillService(BackfillValidator validator, BackfillDao backfills, PartitionLogDao partitionLog,
            BackfillRunner runner, ControlPlaneSchema schema, Clock clock, int listLimit) {
        this.validator = validator;
        this.backfills = backfills;
        this.partitionLog = partitionLog;
        this.runner = runner;
        this.calls = new ControlPlaneCalls(schema, "Backfills");
        this.clock = clock;
        this.listLimit = listLimit;
    }

    /**
     * Records the request first (so it is never lost), then starts it. When the runner refuses, the
     * request stays recorded as {@code failed} with the reason, and the caller gets a 503.
     */
    public BackfillView create(JsonNode body, String requestedBy) {
        BackfillRequest request = validator.validate(body);
        // PostgreSQL keeps microseconds: the answer must equal what GET reads back.
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        BackfillState initial = runner.name().equals(NoRunner.NAME) ? BackfillState.WAITING : BackfillState.QUEUED;
        Backfill recorded = new Backfill(UUID.randomUUID(), request, runner.name(), runner.dagId().orElse(null),
                initial, null, requestedBy, now, now);
        database(() -> {
            backfills.insert(recorded);
            return null;
        });
        Backfill started;
        try {
            started = recorded.withState(runner.start(recorded), null, now);
        } catch (RunnerException e) {
            LOG.warn("Backfill {} not started: {}", recorded.id(), e.getMessage());
            database(() -> {
                backfills.updateState(recorded.id(), BackfillState.FAILED, e.getMessage(), now);
                return null;
            });
            throw QueryException.unavailable("backfill " + recorded.id() + " recorded as failed: the runner ("
                    + runner.name() + ") did not accept it: " + e.getMessage(), RETRY_AFTER_SECONDS, e);
        }
        if (started.state() != recorded.state()) {
            database(() -> {
                backfills.updateState(started.id(), started.state(), null, now);
                return null;
            });
        }
        return view(started, null, null, null);
    }

    /** The backfill with its runner's state now, its tasks and its progress per partition. */
    public BackfillView get(String id) {
        UUID uuid = uuid(id);
        Backfill backfill = database(() -> backfills.find(uuid)).orElseThrow(() -> notFound(id));
        RunStatus status = backfill.runner().equals(runner.name()) && backfill.error() == null
                ? runner.status(backfill)
                : new RunStatus(backfill.state(), null, backfill.error());
        if (status.state() != backfill.state()) {
            database(() -> {
                backfills.updateState(uuid, status.state(), backfill.error(), clock.instant());
                return null;
            });
        }
        return view(backfill.withState(status.state(), backfill.error(), backfill.updatedAt()), status.error(),
                status.tasks(), progress(backfill));
    }

    /** The most recent requests, newest first, with their last known state (no runner or Trino call). */
    public List<BackfillView> list() {
        return database(() -> backfills.recent(listLimit)).stream().map(b -> view(b, b.error(), null, null)).toList();
    }

    /**
     * Hours of rollup_1m and of rollup_1h logged complete for the prefix or for every metric. With
     * {@code force} only completions after the request count (the old ones are being redone); without,
     * the job skips partitions already complete, so those count too.
     */
    private Map<String, ProgressView> progress(Backfill backfill) {
        BackfillRequest request = backfill.request();
        Optional<Instant> after = request.force() ? Optional.of(backfill.requestedAt()) : Optional.empty();
        List<Instant> hours = PartitionPlan.hours(request.start(), request.end());
        try {
            Map<String, ProgressView> progress = new LinkedHashMap<>();
            progress.put("1m", PartitionPlan.progress("rollup_1m", hours, ChronoUnit.HOURS,
                    partitionLog.completed("1m", request.start(), request.end(), request.metricPrefix(), after)));
            progress.put("1h", PartitionPlan.progress("rollup_1h", hours, ChronoUnit.HOURS,
                    partitionLog.completed("1h", request.start(), request.end(), request.metricPrefix(), after)));
            return progress;
        } catch (SQLException e) {
            LOG.warn("Backfill {}: rollup_partition_log unreadable", backfill.id(), e);
            throw QueryException.unavailable("the completion log (rollup_partition_log) could not be read through Trino;"
                    + " retry later", RETRY_AFTER_SECONDS, e);
        }
    }

    private static BackfillView view(Backfill backfill, String error, List<TaskView> tasks,
            Map<String, ProgressView> progress) {
        BackfillRequest request = backfill.request();
        boolean airflow = AirflowRunner.NAME.equals(backfill.runner());
        return new BackfillView(backfill.id().toString(), backfill.state().wire(), backfill.runner(),
                request.start().toString(), request.end().toString(), request.metricPrefix(), request.force(),
                backfill.requestedBy(), backfill.requestedAt().toString(), backfill.dagId(),
                airflow ? backfill.id().toString() : null, error, tasks, progress);
    }

    private <T> T database(Supplier<T> work) {
        return calls.run(work);
    }

    private static UUID uuid(String id) {
        return ControlPlaneCalls.canonicalUuid(id).orElseThrow(() -> notFound(id));
    }

    private static NotFoundException notFound(String id) {
        return new NotFoundException("no backfill with id " + id);
    }
}
