package io.metrics.lakehouse.query.health;

import com.codahale.metrics.health.HealthCheck;
import io.metrics.lakehouse.query.trino.TrinoConnectionFactory;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * {@code trino}: healthy when Trino answers {@code SELECT 1} through the JDBC driver, with the
 * configured user and session catalog/schema, within {@code trino.healthCheckTimeout}.
 */
public class TrinoHealthCheck extends HealthCheck {

    private final TrinoConnectionFactory trino;
    private final TimeBoundCheck timeBound;
    private final long timeoutMs;
    private final String peer;

    public TrinoHealthCheck(TrinoConnectionFactory trino, ExecutorService executor) {
        this.trino = trino;
        this.timeBound = new TimeBoundCheck(executor);
        this.timeoutMs = trino.configuration().getHealthCheckTimeout().toMilliseconds();
        this.peer = "Trino at " + trino.configuration().displayUrl();
    }

    @Override
    protected Result check() {
        return timeBound.run(peer, timeoutMs, () -> {
            long start = System.nanoTime();
            try (Connection connection = trino.open(); Statement statement = connection.createStatement()) {
                statement.setQueryTimeout((int) Math.max(1, TimeUnit.MILLISECONDS.toSeconds(timeoutMs + 999)));
                try (ResultSet rows = statement.executeQuery("SELECT 1")) {
                    if (!rows.next() || rows.getInt(1) != 1) {
                        return Result.unhealthy("%s answered SELECT 1 with an unexpected result", peer);
                    }
                }
            }
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            return Result.healthy("%s answered SELECT 1 in %d ms (catalog %s, schema %s)", peer, ms,
                    trino.configuration().getCatalog(), trino.configuration().getSchema());
        });
    }
}
