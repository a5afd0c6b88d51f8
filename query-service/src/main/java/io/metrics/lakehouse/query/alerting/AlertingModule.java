package io.metrics.lakehouse.query.alerting;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.jackson.Jackson;
import io.dropwizard.lifecycle.Managed;
import io.metrics.lakehouse.controlplane.ControlPlaneSchema;
import io.metrics.lakehouse.query.alerting.api.BadRequestMapper;
import io.metrics.lakehouse.query.alerting.core.RuleDataSource;
import io.metrics.lakehouse.query.alerting.db.EventStore;
import io.metrics.lakehouse.query.alerting.db.InstanceStore;
import io.metrics.lakehouse.query.alerting.db.Json;
import io.metrics.lakehouse.query.alerting.db.OutboxStore;
import io.metrics.lakehouse.query.alerting.db.RuleStore;
import io.metrics.lakehouse.query.alerting.db.SilenceStore;
import io.metrics.lakehouse.query.alerting.db.TransitionWriter;
import io.metrics.lakehouse.query.alerting.evaluation.Evaluator;
import io.metrics.lakehouse.query.alerting.notify.ChannelConfiguration;
import io.metrics.lakehouse.query.alerting.notify.Dispatcher;
import io.metrics.lakehouse.query.alerting.notify.Inhibitor;
import io.metrics.lakehouse.query.alerting.notify.Notifier;
import io.metrics.lakehouse.query.alerting.notify.Router;
import io.metrics.lakehouse.query.alerting.resources.AlertEventsResource;
import io.metrics.lakehouse.query.alerting.resources.AlertRulesResource;
import io.metrics.lakehouse.query.alerting.resources.RuleRequests;
import io.metrics.lakehouse.query.alerting.resources.SilencesResource;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one entry point of alerting: the rules, events and silences APIs, the evaluator loop and the
 * notification dispatcher loop, on the control-plane database. Either loop can be switched off
 * ({@code alerting.evaluator.enabled}, {@code alerting.dispatcher.enabled}) so the same code runs
 * as an API-only service, or as a separate evaluator process; replicas coordinate through
 * PostgreSQL alone.
 */
public final class AlertingModule {

    private static final Logger LOG = LoggerFactory.getLogger(AlertingModule.class);

    private final Evaluator evaluator;
    private final Dispatcher dispatcher;

    private AlertingModule(Evaluator evaluator, Dispatcher dispatcher) {
        this.evaluator = evaluator;
        this.dispatcher = dispatcher;
    }

    public static AlertingModule register(Environment environment, AlertingConfiguration config, DataSource dataSource,
            ControlPlaneSchema schema, RuleDataSource ruleDataSource, Clock clock) {

        ObjectMapper mapper = Jackson.newObjectMapper().disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
        Json json = new Json(mapper);
        Jdbi jdbi = Jdbi.create(dataSource);
        RuleStore rules = new RuleStore(jdbi, json);
        InstanceStore instances = new InstanceStore(jdbi, json);
        EventStore events = new EventStore(jdbi, json);
        OutboxStore outbox = new OutboxStore(jdbi, json);
        SilenceStore silences = new SilenceStore(jdbi, json);

        Duration timeout = Duration.ofMillis(config.getDispatcher().getRequestTimeout().toMilliseconds());
        Map<String, Notifier> notifiers = new LinkedHashMap<>();
        config.getChannels().forEach((name, channel) -> {
            if (channel.isConfigured()) {
                notifiers.put(name, channel.build(mapper, timeout));
            } else {
                LOG.warn("Alerting channel '{}' ({}) has no URL/key/host configured: its notifications are skipped",
                        name, channel.getClass().getSimpleName());
            }
        });
        Router router = new Router(config.getRoutes(), config.getDefaultGrouping(), notifiers.keySet());
        String externalUrl = config.getExternalUrl().replaceAll("/+$", "");
        TransitionWriter transitions = new TransitionWriter(instances, events, outbox, router, externalUrl);

        AlertingConfiguration.Evaluator evaluatorConfig = config.getEvaluator();
        int threads = evaluatorConfig.getThreads();
        ExecutorService workers = environment.lifecycle().executorService("alerting-evaluator-%d")
                .minThreads(threads).maxThreads(threads).build();
        Evaluator evaluator = new Evaluator(jdbi, rules, instances, transitions, ruleDataSource, clock,
                owner(evaluatorConfig.getOwner()),
                Duration.ofMillis(evaluatorConfig.getLeaseDuration().toMilliseconds()),
                evaluatorConfig.getBatchSize(), workers, environment.metrics());

        AlertingConfiguration.Dispatcher dispatcherConfig = config.getDispatcher();
        Dispatcher dispatcher = new Dispatcher(jdbi, outbox, silences, instances, new Inhibitor(config.getInhibitRules()),
                notifiers, clock, externalUrl, dispatcherConfig.getMaxAttempts(),
                Duration.ofMillis(dispatcherConfig.getInitialBackoff().toMilliseconds()),
                Duration.ofMillis(dispatcherConfig.getMaxBackoff().toMilliseconds()), environment.metrics());

        environment.jersey().register(new BadRequestMapper());
        environment.jersey().register(new AlertRulesResource(jdbi, rules, instances, transitions,
                new RuleRequests(config.getChannels().keySet()), clock));
        environment.jersey().register(new AlertEventsResource(events));
        environment.jersey().register(new SilencesResource(silences, clock));

        if (evaluatorConfig.isEnabled()) {
            environment.lifecycle().manage(new Loop("alerting-evaluator", evaluatorConfig.getTick().toMilliseconds(),
                    () -> {
                        schema.ensureMigrated();
                        evaluator.runOnce();
                    }));
        }
        if (dispatcherConfig.isEnabled()) {
            environment.lifecycle().manage(new Loop("alerting-dispatcher", dispatcherConfig.getTick().toMilliseconds(),
                    () -> {
                        schema.ensureMigrated();
                        dispatcher.runOnce();
                    }));
        }
        LOG.info("Alerting: evaluator {} (owner {}), dispatcher {}, channels {}",
                evaluatorConfig.isEnabled() ? "on" : "off", evaluator.owner(),
                dispatcherConfig.isEnabled() ? "on" : "off", notifiers.keySet());
        return new AlertingModule(evaluator, dispatcher);
    }

    /** The evaluator (its loop calls {@link Evaluator#runOnce()}; tests and tools may too). */
    public Evaluator evaluator() {
        return evaluator;
    }

    /** The dispatcher (its loop calls {@link Dispatcher#runOnce()}; tests and tools may too). */
    public Dispatcher dispatcher() {
        return dispatcher;
    }

    private static String owner(String configured) {
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "unknown-host";
        }
        return host + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Runs a task with a fixed delay on its own thread; a failing pass is logged and the loop goes on. */
    private static final class Loop implements Managed {

        private final String name;
        private final long delayMs;
        private final Runnable task;
        private ScheduledExecutorService executor;

        Loop(String name, long delayMs, Runnable task) {
            this.name = name;
            this.delayMs = delayMs;
            this.task = task;
        }

        @Override
        public void start() {
            executor = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread thread = new Thread(r, name);
                thread.setDaemon(true);
                return thread;
            });
            executor.scheduleWithFixedDelay(() -> {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    LOG.error("{} pass failed: {}", name, e.toString(), e);
                }
            }, delayMs, delayMs, TimeUnit.MILLISECONDS);
        }

        @Override
        public void stop() throws InterruptedException {
            executor.shutdownNow();
            executor.awaitTermination(30, TimeUnit.SECONDS);
        }
    }
}
