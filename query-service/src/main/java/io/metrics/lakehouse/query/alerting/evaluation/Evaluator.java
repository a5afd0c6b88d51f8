package io.metrics.lakehouse.query.alerting.evaluation;

import com.codahale.metrics.Histogram;
import com.codahale.metrics.Meter;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.SlidingTimeWindowArrayReservoir;
import com.codahale.metrics.Timer;
import io.metrics.lakehouse.query.alerting.core.AlertRule;
import io.metrics.lakehouse.query.alerting.core.Change;
import io.metrics.lakehouse.query.alerting.core.InstanceValue;
import io.metrics.lakehouse.query.alerting.core.RuleDataSource;
import io.metrics.lakehouse.query.alerting.core.RuleEvaluation;
import io.metrics.lakehouse.query.alerting.core.StoredInstance;
import io.metrics.lakehouse.query.alerting.db.InstanceStore;
import io.metrics.lakehouse.query.alerting.db.RuleStore;
import io.metrics.lakehouse.query.alerting.db.TransitionWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Evaluates the due rules: leases them (so replicas share them without evaluating one twice), asks
 * the data source for each rule's values, and writes the transitions of each rule in one
 * transaction that also checks the lease is still held. Metrics: {@code alerting.evaluator.cycle}
 * (time of one pass), {@code alerting.evaluator.lag_ms} (how late a rule was evaluated after it was
 * due), {@code alerting.evaluator.rules_evaluated}, {@code alerting.evaluator.errors}, and the
 * fired/resolved transitions.
 */
public class Evaluator {

    private static final Logger LOG = LoggerFactory.getLogger(Evaluator.class);

    private final Jdbi jdbi;
    private final RuleStore rules;
    private final InstanceStore instances;
    private final TransitionWriter transitions;
    private final RuleDataSource dataSource;
    private final Clock clock;
    private final String owner;
    private final Duration leaseDuration;
    private final int batchSize;
    private final ExecutorService workers;

    private final Timer cycle;
    private final Histogram lag;
    private final Meter evaluated;
    private final Meter errors;
    private final Meter fired;
    private final Meter resolved;

    public Evaluator(Jdbi jdbi, RuleStore rules, InstanceStore instances, TransitionWriter transitions,
            RuleDataSource dataSource, Clock clock, String owner, Duration leaseDuration, int batchSize,
            ExecutorService workers, MetricRegistry metrics) {
        this.jdbi = jdbi;
        this.rules = rules;
        this.instances = instances;
        this.transitions = transitions;
        this.dataSource = dataSource;
        this.clock = clock;
        this.owner = owner;
        this.leaseDuration = leaseDuration;
        this.batchSize = batchSize;
        this.workers = workers;
        this.cycle = metrics.timer("alerting.evaluator.cycle");
        this.lag = metrics.histogram("alerting.evaluator.lag_ms",
                () -> new Histogram(new SlidingTimeWindowArrayReservoir(5, TimeUnit.MINUTES)));
        this.evaluated = metrics.meter("alerting.evaluator.rules_evaluated");
        this.errors = metrics.meter("alerting.evaluator.errors");
        this.fired = metrics.meter("alerting.evaluator.fired");
        this.resolved = metrics.meter("alerting.evaluator.resolved");
    }

    public String owner() {
        return owner;
    }

    /** Evaluates every rule due now (in batches) and returns how many this replica evaluated. */
    public int runOnce() {
        int count = 0;
        try (Timer.Context ignored = cycle.time()) {
            Instant now = clock.instant();
            while (true) {
                List<RuleStore.LeasedRule> batch = rules.lease(owner, now, leaseDuration, batchSize);
                if (batch.isEmpty()) {
                    break;
                }
                List<Callable<Boolean>> tasks = new ArrayList<>();
                for (RuleStore.LeasedRule leased : batch) {
                    tasks.add(() -> evaluate(leased, now));
                }
                for (Future<Boolean> result : workers.invokeAll(tasks)) {
                    if (result.get()) {
                        count++;
                    }
                }
                if (batch.size() < batchSize) {
                    break;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
        return count;
    }

    private boolean evaluate(RuleStore.LeasedRule leased, Instant now) {
        AlertRule rule = leased.rule();
        lag.update(Math.max(0, Duration.between(leased.dueAt(), now).toMillis()));
        Instant next = nextEvaluation(leased.dueAt(), now, rule.intervalSeconds());
        List<InstanceValue> values;
        try {
            values = dataSource.evaluate(rule.query(), now);
        } catch (RuntimeException e) {
            // The query engine failing is not "no data": keep every state as it is and try next interval.
            errors.mark();
            LOG.warn("Rule {} ({}) not evaluated at {}: {}", rule.id(), rule.name(), now, e.toString());
            jdbi.useTransaction(h -> {
                if (rules.holdsLease(h, rule.id(), owner, now)) {
                    rules.release(h, rule.id(), next);
                }
            });
            return false;
        }
        TransitionWriter.Outcome outcome = jdbi.inTransaction(h -> {
            if (!rules.holdsLease(h, rule.id(), owner, now)) {
                LOG.warn("Lease on rule {} lost before its results were written; another replica evaluates it", rule.id());
                return null;
            }
            Map<String, StoredInstance> current = instances.load(h, rule.id());
            List<Change> changes = RuleEvaluation.plan(rule, current, values, now);
            TransitionWriter.Outcome written = transitions.apply(h, rule, changes, now);
            rules.release(h, rule.id(), next);
            return written;
        });
        if (outcome == null) {
            return false;
        }
        evaluated.mark();
        fired.mark(outcome.fired());
        resolved.mark(outcome.resolved());
        return true;
    }

    /** On schedule when possible; a rule found late is evaluated now and then every interval from now. */
    static Instant nextEvaluation(Instant dueAt, Instant now, int intervalSeconds) {
        Instant next = dueAt.plusSeconds(intervalSeconds);
        return next.isAfter(now) ? next : now.plusSeconds(intervalSeconds);
    }
}
