package io.metrics.lakehouse.query;

import io.dropwizard.configuration.EnvironmentVariableSubstitutor;
import io.dropwizard.configuration.SubstitutingSourceProvider;
import io.dropwizard.core.Application;
import io.dropwizard.core.setup.Bootstrap;
import io.dropwizard.core.setup.Environment;
import io.dropwizard.db.DataSourceFactory;
import io.dropwizard.db.ManagedDataSource;
import io.metrics.lakehouse.query.alerting.AlertingModule;
import io.metrics.lakehouse.query.alerting.core.RuleDataSource;
import io.metrics.lakehouse.query.alerting.engine.QueryEngineRuleDataSource;
import io.metrics.lakehouse.query.backfill.BackfillsModule;
import io.metrics.lakehouse.controlplane.ControlPlaneSchema;
import io.metrics.lakehouse.query.api.ServiceStatus;
import io.metrics.lakehouse.query.core.Discovery;
import io.metrics.lakehouse.query.core.QueryEngine;
import io.metrics.lakehouse.query.core.QueryEngineConfiguration;
import io.metrics.lakehouse.query.core.QueryRouter;
import io.metrics.lakehouse.query.db.MetricRegistryDao;
import io.metrics.lakehouse.query.db.TagValuesDao;
import io.metrics.lakehouse.query.db.TrinoQueryDao;
import io.metrics.lakehouse.query.recent.RecentWindowModule;
import io.metrics.lakehouse.query.health.PostgresHealthCheck;
import io.metrics.lakehouse.query.health.TrinoHealthCheck;
import io.metrics.lakehouse.query.resources.MetricsResource;
import io.metrics.lakehouse.query.resources.QueryExceptionMapper;
import io.metrics.lakehouse.query.resources.QueryResource;
import io.metrics.lakehouse.query.trino.TrinoConfiguration;
import io.metrics.lakehouse.query.trino.TrinoConnectionFactory;
import io.metrics.lakehouse.service.BuildInfo;
import io.metrics.lakehouse.service.CloseConnectionOnRejectedBody;
import io.metrics.lakehouse.service.PrometheusEndpoint;
import io.metrics.lakehouse.service.StatusResource;
import io.metrics.lakehouse.service.auth.BearerAuth;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;

/**
 * query-service: the query API over Trino, dashboards, alert rules and events (control plane in
 * PostgreSQL). Run with {@code java -jar query-service.jar server config.yml}.
 */
public class QueryServiceApplication extends Application<QueryServiceConfiguration> {

    public static final String HEALTH_CHECK_TRINO = "trino";
    public static final String HEALTH_CHECK_POSTGRES = "postgres";

    /** Bound of the postgres check when {@code database.validationQueryTimeout} is not set. */
    private static final long DEFAULT_POSTGRES_CHECK_TIMEOUT_MS = 5_000;

    // This class, not getClass(): subclasses (tests) live in other packages.
    private final BuildInfo buildInfo = BuildInfo.load(QueryServiceApplication.class);
    private ManagedDataSource controlPlane;
    private TrinoConnectionFactory trino;
    private QueryEngine engine;
    private AlertingModule alerting;

    public static void main(String[] args) throws Exception {
        new QueryServiceApplication().run(args);
    }

    @Override
    public String getName() {
        return buildInfo.service();
    }

    @Override
    public void initialize(Bootstrap<QueryServiceConfiguration> bootstrap) {
        // ${VAR} and ${VAR:-default} in the YAML come from the environment.
        bootstrap.setConfigurationSourceProvider(new SubstitutingSourceProvider(
                bootstrap.getConfigurationSourceProvider(), new EnvironmentVariableSubstitutor(false)));
        DashboardsModule.initialize(bootstrap);
    }

    @Override
    public void run(QueryServiceConfiguration configuration, Environment environment) {
        DataSourceFactory database = configuration.getDatabase();
        controlPlane = database.build(environment.metrics(), HEALTH_CHECK_POSTGRES);
        environment.lifecycle().manage(controlPlane);
        ControlPlaneSchema schema = new ControlPlaneSchema(controlPlane);
        environment.lifecycle().manage(schema);

        TrinoConfiguration trinoConfiguration = configuration.getTrino();
        trino = new TrinoConnectionFactory(trinoConfiguration);
        environment.lifecycle().manage(trino);

        // Probes run here so that a hanging peer times out instead of hanging /healthcheck.
        ExecutorService healthChecks = environment.lifecycle()
                .executorService("health-check-%d").minThreads(4).maxThreads(4).build();
        environment.healthChecks().register(HEALTH_CHECK_TRINO, new TrinoHealthCheck(trino, healthChecks));
        environment.healthChecks().register(HEALTH_CHECK_POSTGRES, new PostgresHealthCheck(
                controlPlane,
                database.getValidationQuery().orElse("SELECT 1"),
                database.getValidationQueryTimeout().map(d -> d.toMilliseconds()).orElse(DEFAULT_POSTGRES_CHECK_TIMEOUT_MS),
                withoutQuery(database.getUrl()),
                healthChecks));

        ServiceStatus status = new ServiceStatus(buildInfo.service(), buildInfo.version(),
                new ServiceStatus.Trino(trinoConfiguration.displayUrl(), trinoConfiguration.getCatalog(),
                        trinoConfiguration.getSchema()));
        environment.jersey().register(new StatusResource(status));

        Clock clock = clock();
        QueryEngineConfiguration query = configuration.getQuery();
        // Trino statements block a thread each, and so does waiting for a turn on Trino.
        int trinoThreads = query.getTrinoConcurrency().getThreads();
        ExecutorService queries = environment.lifecycle()
                .executorService("trino-query-%d").minThreads(trinoThreads).maxThreads(trinoThreads).build();
        // Work in memory (answers from the recent window, cache upkeep) never waits on Trino.
        int cores = Runtime.getRuntime().availableProcessors();
        ExecutorService inMemory = environment.lifecycle()
                .executorService("in-memory-query-%d").minThreads(cores).maxThreads(cores).build();
        engine = new QueryEngine(query,
                new QueryRouter(query.rawRetention(), query.minuteRetention(), query.speedRetention(), clock),
                new TrinoQueryDao(trino), RecentWindowModule.register(environment, configuration.getRecentWindow(), clock),
                new QueryEngine.Threads(queries, inMemory), trinoConfiguration.getQueryTimeout().toJavaDuration(),
                environment.metrics());
        Discovery discovery = new Discovery(new MetricRegistryDao(controlPlane), new TagValuesDao(trino), clock, query,
                queries);

        BearerAuth.register(environment, configuration.getAuth());
        environment.jersey().register(new CloseConnectionOnRejectedBody());
        environment.jersey().register(new QueryExceptionMapper());
        environment.jersey().register(new QueryResource(engine, clock));
        environment.jersey().register(new MetricsResource(discovery));
        DashboardsModule.register(environment, controlPlane, schema, clock);
        BackfillsModule.register(environment, configuration.getBackfills(), configuration.getAirflow(), controlPlane,
                schema, trino, clock);

        alerting = AlertingModule.register(environment, configuration.getAlerting(), controlPlane, schema, ruleDataSource(),
                clock);

        PrometheusEndpoint.register(environment);
    }

    /** What the alert evaluator reads: the query engine, in-process (tests script their own). */
    protected RuleDataSource ruleDataSource() {
        return new QueryEngineRuleDataSource(engine);
    }

    /** The time "now" is read from (queries, evaluation instants, leases, group timers); tests drive their own. */
    protected Clock clock() {
        // Microseconds, as PostgreSQL stores them: an instant sent in a firing notification must equal the
        // one read back for its resolve (Alertmanager receivers match startsAt).
        return Clock.tick(Clock.systemUTC(), Duration.ofNanos(1_000));
    }

    /** Alerting's evaluator and dispatcher (for tests and tools). */
    public AlertingModule alerting() {
        return alerting;
    }

    /** The query engine (the alerting evaluator and the dashboards call it in-process). */
    public QueryEngine engine() {
        return engine;
    }

    private static String withoutQuery(String jdbcUrl) {
        int query = jdbcUrl == null ? -1 : jdbcUrl.indexOf('?');
        return query < 0 ? jdbcUrl : jdbcUrl.substring(0, query);
    }

    /** The control-plane connection pool (for the features that come next, and for tests). */
    public ManagedDataSource controlPlane() {
        return controlPlane;
    }

    /** Trino connections (for the features that come next, and for tests). */
    public TrinoConnectionFactory trino() {
        return trino;
    }
}
