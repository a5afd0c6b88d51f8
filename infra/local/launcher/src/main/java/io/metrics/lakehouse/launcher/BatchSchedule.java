package io.metrics.lakehouse.launcher;

import io.metrics.lakehouse.local.StackEndpoints;
import io.metrics.lakehouse.local.process.ChildProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What Airflow's DAGs do on a cluster, done in-process for the embedded default (no Airflow here): every
 * hour, a few minutes after it closes, the authoritative 1-minute rollup of that hour, then its hourly
 * rollup; once a day, retention and compaction. Each run is one {@code batch-jobs} JVM in Spark local mode, one at a
 * time, logged to {@code data/logs/batch-jobs.log}. After a restart it catches up with the last hour and
 * the last day's maintenance; older gaps are what backfills are for: those requested through query-service's
 * {@code POST /v1/backfills} (recorded without a runner here, as there is no Airflow) run first.
 */
final class BatchSchedule implements LaunchedProcess {

    static final String NAME = "batch-jobs";
    private static final Logger LOG = LoggerFactory.getLogger(BatchSchedule.class);

    /** Late points of an hour still arrive for a short while (the speed layer's trigger, retries). */
    static final long HOUR_GRACE_MINUTES = 5;
    static final long DAY_GRACE_MINUTES = 30;

    private final SparkModule module;
    private final StackEndpoints endpoints;
    private final String heap;
    private final Clock clock;
    private final Path home;
    private final Path catalogConfig;
    private final ScheduledExecutorService scheduler;
    private final WaitingBackfills backfills;
    private volatile ChildProcess running;
    private Instant lastHourRolledUp;
    private LocalDate lastDayMaintained;

    private BatchSchedule(SparkModule module, StackEndpoints endpoints, String heap, Clock clock, Path home,
            Path catalogConfig) {
        this.module = module;
        this.endpoints = endpoints;
        this.heap = heap;
        this.clock = clock;
        this.home = home;
        this.catalogConfig = catalogConfig;
        this.backfills = new WaitingBackfills(endpoints);
        this.scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "batch-schedule");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Starts the schedule; the first check comes after {@code firstDelaySeconds} (the stream warms up first). */
    static BatchSchedule start(Path repositoryHome, StackEndpoints endpoints, String heap, long firstDelaySeconds)
            throws IOException {
        SparkModule module = SparkModule.of(repositoryHome, NAME, "io.metrics.lakehouse.batch.BatchJobsCli");
        Path home = endpoints.dataDir().resolve(NAME);
        Files.createDirectories(home.resolve("tmp"));
        Path catalogConfig = SparkModule.writeCatalogConfig(home.resolve("catalog.properties"), endpoints);
        BatchSchedule schedule = new BatchSchedule(module, endpoints, heap, Clock.systemUTC(), home, catalogConfig);
        schedule.scheduler.scheduleWithFixedDelay(schedule::tick, firstDelaySeconds, 60, TimeUnit.SECONDS);
        return schedule;
    }

    /** Runs whatever is due; never throws (a thrown exception would end the schedule). */
    private void tick() {
        try {
            runWaitingBackfills();
            Instant now = clock.instant();
            Instant hourToRoll = now.minus(HOUR_GRACE_MINUTES, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.HOURS)
                    .minus(1, ChronoUnit.HOURS);
            if (!hourToRoll.equals(lastHourRolledUp)) {
                String from = hourToRoll.toString();
                String to = hourToRoll.plus(1, ChronoUnit.HOURS).toString();
                if (run("rollup", "--granularity", "1m", "--from", from, "--to", to)
                        && run("rollup", "--granularity", "1h", "--from", from, "--to", to)) {
                    lastHourRolledUp = hourToRoll;
                }
                runWaitingBackfills(); // requested meanwhile: before the long daily work
            }
            LocalDate dayToMaintain = LocalDate.ofInstant(now.minus(DAY_GRACE_MINUTES, ChronoUnit.MINUTES), ZoneOffset.UTC)
                    .minusDays(1);
            if (!dayToMaintain.equals(lastDayMaintained)) {
                boolean ok = run("retention");
                ok &= run("compact");
                if (ok) {
                    lastDayMaintained = dayToMaintain;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException | RuntimeException e) {
            LOG.error("batch schedule: a run could not start (retried at the next check)", e);
        }
    }

    /** Backfills requested through query-service without Airflow, oldest first, one per tick. */
    private void runWaitingBackfills() throws IOException, InterruptedException {
        try {
            Optional<WaitingBackfills.Claimed> claimed = backfills.claimOldest();
            if (claimed.isPresent()) {
                boolean ok = run(claimed.get().arguments().toArray(String[]::new));
                backfills.finish(claimed.get().id(), ok, ok ? null : "batch-jobs backfill failed: see logs/" + NAME + ".log");
            }
        } catch (SQLException e) {
            LOG.warn("batch schedule: backfill requests not read ({}); retried at the next check", e.getMessage());
        }
    }

    private boolean run(String... arguments) throws IOException, InterruptedException {
        List<String> args = new ArrayList<>(List.of(arguments));
        args.addAll(List.of("--catalog-config", catalogConfig.toAbsolutePath().toString(), "--local"));
        Path tmp = home.resolve("tmp");
        LOG.info("batch schedule: batch-jobs {}", String.join(" ", arguments));
        running = ChildProcess.start(NAME, module.command(heap, tmp, args), home, Map.of("SPARK_LOCAL_IP", "127.0.0.1"),
                endpoints.dataDir().resolve("logs").resolve(NAME + ".log"), home.resolve(NAME + ".pid"), tmp.toString());
        int status = running.waitFor();
        running = null;
        if (status != 0) {
            LOG.warn("batch schedule: batch-jobs {} ended with status {} (see logs/{}.log)", String.join(" ", arguments),
                    status, NAME);
        }
        return status == 0;
    }

    @Override
    public String describe() {
        return String.format("  %-16s in-process schedule: 1m rollup of each hour at :%02d, 1h rollup + retention +"
                + " compaction daily at 00:%02d UTC (log logs/%s.log)", NAME, HOUR_GRACE_MINUTES, DAY_GRACE_MINUTES, NAME);
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
        ChildProcess current = running;
        if (current != null) {
            current.close();
        }
    }
}
