package io.metrics.lakehouse.query.db;

import io.metrics.lakehouse.query.core.MetricInfo;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;

/** The control-plane metric registry (PostgreSQL table {@code metrics}). */
public class MetricRegistryDao {

    private final DataSource dataSource;

    public MetricRegistryDao(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /** Metrics whose name matches a LIKE pattern (escape character backslash), by name. */
    public List<MetricInfo> find(String likePattern, int limit) throws SQLException {
        try (Connection connection = dataSource.getConnection();
                PreparedStatement statement = connection.prepareStatement("SELECT name, unit, type, description"
                        + " FROM metrics WHERE name LIKE ? ESCAPE '\\' ORDER BY name LIMIT ?")) {
            statement.setString(1, likePattern);
            statement.setInt(2, limit);
            List<MetricInfo> metrics = new ArrayList<>();
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    metrics.add(new MetricInfo(rows.getString(1), rows.getString(2), rows.getString(3), rows.getString(4)));
                }
            }
            return metrics;
        }
    }
}
