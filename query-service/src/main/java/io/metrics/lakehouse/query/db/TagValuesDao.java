package io.metrics.lakehouse.query.db;

import io.metrics.lakehouse.query.core.TagValue;
import io.metrics.lakehouse.query.trino.TrinoConnectionFactory;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Tag keys and their most common values of a metric, over its recent series: those with rows in the
 * minute rollups (speed and batch) since a given instant. The tags come from {@code series} (one row
 * per series of a metric); the rollups are only asked which series ids they hold, never for a tag map.
 */
public class TagValuesDao {

    private final TrinoConnectionFactory trino;

    public TagValuesDao(TrinoConnectionFactory trino) {
        this.trino = trino;
    }

    /** Key to its top values (by number of series), at most {@code top} per key. */
    public Map<String, List<TagValue>> topValues(String metric, Instant since, int top) throws SQLException {
        Sql sql = new Sql().append("SELECT k, v, n FROM (SELECT k, v, n, row_number() OVER (PARTITION BY k ORDER BY n DESC, v)"
                + " AS rn FROM (SELECT t.k, t.v, count(*) AS n FROM series s CROSS JOIN UNNEST(s.tags) AS t(k, v)"
                + " WHERE s.metric = ").bind(metric).append(" AND s.series_id IN (");
        recentSeriesIds(sql, "speed_rollup_1m", metric, since);
        sql.append(" UNION ALL ");
        recentSeriesIds(sql, "rollup_1m", metric, since);
        sql.append(") GROUP BY t.k, t.v)) WHERE rn <= ").bind((long) top).append(" ORDER BY k, n DESC, v");
        Map<String, List<TagValue>> keys = new TreeMap<>();
        try (Connection connection = trino.open(); PreparedStatement statement = connection.prepareStatement(sql.text())) {
            statement.setQueryTimeout(trino.queryTimeoutSeconds());
            sql.bindTo(statement);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    keys.computeIfAbsent(rows.getString(1), k -> new ArrayList<>())
                            .add(new TagValue(rows.getString(2), rows.getLong(3)));
                }
            }
        }
        return keys;
    }

    private static void recentSeriesIds(Sql sql, String table, String metric, Instant since) {
        sql.append("SELECT series_id FROM " + table + " WHERE metric = ").bind(metric)
                .append(" AND bucket_start >= from_iso8601_timestamp(").bind(since.toString()).append(")");
    }
}
