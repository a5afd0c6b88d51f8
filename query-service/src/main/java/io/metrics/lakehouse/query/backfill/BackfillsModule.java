package io.metrics.lakehouse.query.backfill;

import io.dropwizard.core.setup.Environment;
import io.metrics.lakehouse.airflow.AirflowClient;
import io.metrics.lakehouse.controlplane.ControlPlaneSchema;
import io.metrics.lakehouse.query.backfill.core.AirflowRunner;
import io.metrics.lakehouse.query.backfill.core.BackfillRunner;
import io.metrics.lakehouse.query.backfill.core.BackfillService;
import io.metrics.lakehouse.query.backfill.core.BackfillValidator;
import io.metrics.lakehouse.query.backfill.core.NoRunner;
import io.metrics.lakehouse.query.backfill.db.BackfillDao;
import io.metrics.lakehouse.query.backfill.db.PartitionLogDao;
import io.metrics.lakehouse.query.backfill.resources.BackfillsResource;
import io.metrics.lakehouse.query.trino.TrinoConnectionFactory;
import java.time.Clock;
import javax.sql.DataSource;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Wires {@code /v1/backfills}: Airflow when {@code airflow.baseUrl} is set, else no runner. */
public final class BackfillsModule {

    private static final Logger LOG = LoggerFactory.getLogger(BackfillsModule.class);

    private BackfillsModule() {
    }

    public static void register(Environment environment, BackfillConfiguration configuration,
            AirflowConfiguration airflow, DataSource controlPlane, ControlPlaneSchema schema,
            TrinoConnectionFactory trino, Clock clock) {
        BackfillRunner runner = airflow.clientConfig()
                .<BackfillRunner>map(config -> new AirflowRunner(new AirflowClient(config), airflow.getDagId()))
                .orElseGet(NoRunner::new);
        LOG.info("Backfills run by: {}{}", runner.name(), airflow.clientConfig().map(c -> " (" + c + ", DAG "
                + airflow.getDagId() + ")").orElse(" (no airflow.baseUrl: requests are recorded, not run)"));
        BackfillService service = new BackfillService(
                new BackfillValidator(configuration.getMaxRange().toJavaDuration(), clock),
                new BackfillDao(Jdbi.create(controlPlane)), new PartitionLogDao(trino), runner, schema, clock,
                configuration.getListLimit());
        environment.jersey().register(new BackfillsResource(service));
    }
}
