package io.metrics.lakehouse.query.db;

import io.metrics.lakehouse.query.core.LogPartition;
import io.metrics.lakehouse.query.core.Point;
import io.metrics.lakehouse.query.core.QueryException;
import io.metrics.lakehouse.query.core.QueryRequest;
import io.metrics.lakehouse.query.core.Series;
import io.metrics.lakehouse.query.core.TierRange;
import io.metrics.lakehouse.query.trino.TrinoConnectionFactory;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Reads query results and the rollup completion log from Trino, with bind parameters only. */
public class TrinoQueryDao {

    private final TrinoConnectionFactory trino;

    public TrinoQueryDao(TrinoConnectionFactory trino) {
        this.trino = trino;
    }

    /**
     * The partitions of {@code asked} logged complete for the metric: a log row of their granularity
     * and start for all metrics ({@code metric_prefix = ''}) or for a prefix of the metric. One
     * statement for all granularities (a range per granularity, then filtered to what was asked).
     */
    public Set<LogPartition> completePartitions(String metric, Collection<LogPartition> asked) throws SQLException {
        Map<String, Instant[]> ranges = new TreeMap<>();
        for (LogPartition p : asked) {
            ranges.merge(p.granularity(), new Instant[] {p.start(), p.start()}, (a, b) -> new Instant[] {
                a[0].isBefore(b[0]) ? a[0] : b[0], a[1].isAfter(b[1]) ? a[1] : b[1]});
        }
        Sql sql = new Sql().append("SELECT DISTINCT granularity, CAST(to_unixtime(partition_start) AS bigint)"
                + " FROM rollup_partition_log WHERE (metric_prefix = '' OR starts_with(").bind(metric).append(", metric_prefix)) AND (");
        boolean first = true;
        for (Map.Entry<String, Instant[]> range : ranges.entrySet()) {
            sql.append(first ? "" : " OR ").append("(granularity = ").bind(range.getKey())
                    .append(" AND partition_start >= from_iso8601_timestamp(").bind(range.getValue()[0].toString())
                    .append(") AND partition_start <= from_iso8601_timestamp(").bind(range.getValue()[1].toString()).append("))");
            first = false;
        }
        sql.append(")");
        Set<LogPartition> complete = new HashSet<>();
        try (Connection connection = trino.open(); PreparedStatement statement = prepare(connection, sql);
                ResultSet rows = statement.executeQuery()) {
            while (rows.next()) {
                complete.add(new LogPartition(rows.getString(1), Instant.ofEpochSecond(rows.getLong(2))));
            }
        }
        complete.retainAll(new HashSet<>(asked));
        return complete;
    }

    /**
     * Runs the query over its tier parts. Stops reading, and answers 422, as soon as the series or
     * point guardrail is crossed (closing the statement cancels the query in Trino).
     */
    public List<Series> query(QueryRequest request, List<TierRange> parts, int maxSeries, long maxPoints)
            throws SQLException {
        Sql sql = QuerySqlBuilder.build(request, parts);
        Map<String, Map<String, String>> tagsByGroup = new LinkedHashMap<>();
        Map<String, List<Point>> pointsByGroup = new LinkedHashMap<>();
        long points = 0;
        try (Connection connection = trino.open(); PreparedStatement statement = prepare(connection, sql);
                ResultSet rows = statement.executeQuery()) {
            int groupColumns = request.groupBy().isEmpty() ? 2 : request.groupBy().size();
            while (rows.next()) {
                String group;
                Map<String, String> tags;
                if (request.groupBy().isEmpty()) {
                    group = rows.getString(1);
                    tags = stringMap(rows.getObject(2));
                } else {
                    tags = new TreeMap<>();
                    for (int i = 0; i < request.groupBy().size(); i++) {
                        String value = rows.getString(i + 1);
                        if (value != null) {
                            tags.put(request.groupBy().get(i), value);
                        }
                    }
                    group = tags.toString();
                }
                long bucket = rows.getLong(groupColumns + 1);
                double value = rows.getDouble(groupColumns + 2);
                boolean missing = rows.wasNull() || Double.isNaN(value);
                if (!tagsByGroup.containsKey(group)) {
                    if (tagsByGroup.size() >= maxSeries) {
                        throw QueryException.tooManySeries(maxSeries);
                    }
                    tagsByGroup.put(group, tags);
                    pointsByGroup.put(group, new ArrayList<>());
                }
                if (!missing) {
                    if (++points > maxPoints) {
                        throw QueryException.tooManyPoints(maxPoints);
                    }
                    pointsByGroup.get(group).add(new Point(Instant.ofEpochSecond(bucket), value));
                }
            }
        }
        List<Series> series = new ArrayList<>();
        tagsByGroup.forEach((group, tags) -> series.add(new Series(tags, pointsByGroup.get(group))));
        series.sort(Series.ORDER);
        return series;
    }

    private PreparedStatement prepare(Connection connection, Sql sql) throws SQLException {
        PreparedStatement statement = connection.prepareStatement(sql.text());
        statement.setQueryTimeout(trino.queryTimeoutSeconds());
        try {
            sql.bindTo(statement);
        } catch (SQLException | RuntimeException e) {
            statement.close();
            throw e;
        }
        return statement;
    }

    static Map<String, String> stringMap(Object value) {
        Map<String, String> tags = new TreeMap<>();
        if (value instanceof Map<?, ?> map) {
            map.forEach((k, v) -> {
                if (k != null && v != null) {
                    tags.put(k.toString(), v.toString());
                }
            });
        }
        return tags;
    }
}
