package io.metrics.lakehouse.query.trino;

import io.dropwizard.lifecycle.Managed;
import io.trino.jdbc.TrinoDriver;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * Opens Trino JDBC connections with the configured user, session catalog and schema.
 *
 * <p>A Trino "connection" is cheap (HTTP, no socket held between statements), so there is no pool:
 * open one per unit of work and close it. The factory owns one driver instance, whose HTTP client
 * (and its threads) it shuts down when the application stops.
 */
public class TrinoConnectionFactory implements Managed {

    private final TrinoConfiguration configuration;
    private volatile TrinoDriver driver;

    public TrinoConnectionFactory(TrinoConfiguration configuration) {
        this.configuration = configuration;
    }

    @Override
    public void start() {
        driver = new TrinoDriver();
    }

    @Override
    public void stop() throws Exception {
        TrinoDriver current = driver;
        driver = null;
        if (current != null) {
            current.close();
        }
    }

    /** A new connection; the caller closes it. No network round trip happens until a statement runs. */
    public Connection open() throws SQLException {
        TrinoDriver current = driver;
        if (current == null) {
            throw new SQLException("the Trino connection factory is not running");
        }
        Properties properties = new Properties();
        // The driver's default (explicitPrepare=true) runs PREPARE as a query of its own before
        // every prepared statement: a second Trino round trip. EXECUTE IMMEDIATE is one.
        properties.setProperty("explicitPrepare", "false");
        properties.putAll(configuration.getConnectionProperties());
        properties.setProperty("user", configuration.getUser());
        if (configuration.getPassword() != null && !configuration.getPassword().isEmpty()) {
            properties.setProperty("password", configuration.getPassword());
        }
        properties.setProperty("source", configuration.getSource());
        Connection connection = current.connect(configuration.getJdbcUrl(), properties);
        if (connection == null) {
            throw new SQLException("not a Trino JDBC URL: " + configuration.displayUrl());
        }
        try {
            connection.setCatalog(configuration.getCatalog());
            connection.setSchema(configuration.getSchema());
        } catch (SQLException e) {
            connection.close();
            throw e;
        }
        return connection;
    }

    /** A statement bounded by {@code trino.queryTimeout}. */
    public Statement createStatement(Connection connection) throws SQLException {
        Statement statement = connection.createStatement();
        statement.setQueryTimeout(queryTimeoutSeconds());
        return statement;
    }

    public int queryTimeoutSeconds() {
        return (int) Math.max(1, configuration.getQueryTimeout().toSeconds());
    }

    public TrinoConfiguration configuration() {
        return configuration;
    }
}
