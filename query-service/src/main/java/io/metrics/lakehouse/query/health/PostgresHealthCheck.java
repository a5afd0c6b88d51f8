package io.metrics.lakehouse.query.health;

import com.codahale.metrics.health.HealthCheck;
import java.sql.Connection;
import java.sql.Statement;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;

/**
 * {@code postgres}: healthy when a connection from the control-plane pool ({@code database}) runs
 * the pool's validation query within its validation timeout.
 */
public class PostgresHealthCheck extends HealthCheck {

    private final DataSource dataSource;
    private final String validationQuery;
    private final long timeoutMs;
    private final String peer;
    private final TimeBoundCheck timeBound;

    public PostgresHealthCheck(DataSource dataSource, String validationQuery, long timeoutMs, String displayUrl,
            ExecutorService executor) {
        this.dataSource = dataSource;
        this.validationQuery = validationQuery;
        this.timeoutMs = timeoutMs;
        this.peer = "PostgreSQL at " + displayUrl;
        this.timeBound = new TimeBoundCheck(executor);
    }

    @Override
    protected Result check() {
        return timeBound.run(peer, timeoutMs, () -> {
            long start = System.nanoTime();
            String version;
            try (Connection connection = dataSource.getConnection(); Statement statement = connection.createStatement()) {
                statement.setQueryTimeout((int) Math.max(1, TimeUnit.MILLISECONDS.toSeconds(timeoutMs + 999)));
                statement.execute(validationQuery);
                version = connection.getMetaData().getDatabaseProductVersion();
            }
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            return Result.healthy("%s (server %s) answered the validation query in %d ms", peer, version, ms);
        });
    }
}
