package io.metrics.lakehouse.query.backfill.db;

import io.metrics.lakehouse.query.trino.TrinoConnectionFactory;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** Reads Iceberg's {@code rollup_partition_log} through Trino (bind parameters only). */
public class PartitionLogDao {

    private static final String SQL = "SELECT CAST(to_unixtime(partition_start) AS bigint),"
            // As text: exact to the microsecond (to_unixtime's double of seconds would round).
            + " to_iso8601(max(completed_at)) FROM rollup_partition_log"
            + " WHERE granularity = ? AND partition_start >= from_iso8601_timestamp(?)"
            + " AND partition_start < from_iso8601_timestamp(?) AND metric_prefix IN (?, '')";
    // _nanos: from_iso8601_timestamp would cut the request time to milliseconds.
    private static final String AFTER = " AND completed_at > from_iso8601_timestamp_nanos(?)";
    private static final String GROUP = " GROUP BY 1";

    private final TrinoConnectionFactory trino;

    public PartitionLogDao(TrinoConnectionFactory trino) {
        this.trino = trino;
    }

    /**
     * Partitions of {@code granularity} starting in [from, to) logged complete for {@code metricPrefix}
     * or for every metric (''), with their latest completed_at; only completions after
     * {@code completedAfter} when given.
     */
    public Map<Instant, Instant> completed(String granularity, Instant from, Instant to, String metricPrefix,
            Optional<Instant> completedAfter) throws SQLException {
        Map<Instant, Instant> completed = new HashMap<>();
        try (Connection connection = trino.open();
                PreparedStatement statement = connection.prepareStatement(
                        SQL + (completedAfter.isPresent() ? AFTER : "") + GROUP)) {
            statement.setQueryTimeout(trino.queryTimeoutSeconds());
            statement.setString(1, granularity);
            statement.setString(2, from.toString());
            statement.setString(3, to.toString());
            statement.setString(4, metricPrefix);
            if (completedAfter.isPresent()) {
                statement.setString(5, completedAfter.get().toString());
            }
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    completed.put(Instant.ofEpochSecond(rows.getLong(1)),
                            OffsetDateTime.parse(rows.getString(2)).toInstant());
                }
            }
        }
        return completed;
    }
}
