package io.metrics.lakehouse.gateway.db;

import io.metrics.lakehouse.controlplane.ControlPlaneSchema;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.metrics.lakehouse.core.MetricType;
import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * The metric registry: a metric is created implicitly on its first write (with the type that write
 * declares); operators set description, unit, allowlist and limit on the row. Rows are cached for
 * {@code registry.metricCacheTtl}, so an edit reaches every replica within that time.
 */
public class MetricRegistry {

    private static final String COLUMNS = "id, name, type, allowed_tag_keys, cardinality_limit";

    private final Jdbi jdbi;
    private final ControlPlaneSchema schema;
    private final Cache<String, MetricDefinition> cache;

    public MetricRegistry(Jdbi jdbi, ControlPlaneSchema schema, Duration ttl) {
        this.jdbi = jdbi;
        this.schema = schema;
        this.cache = Caffeine.newBuilder().expireAfterWrite(ttl).maximumSize(100_000).build();
    }

    /** The metric's row, created with {@code typeOnCreate} if the metric is new. */
    public MetricDefinition getOrCreate(String name, MetricType typeOnCreate) {
        MetricDefinition cached = cache.getIfPresent(name);
        if (cached != null) {
            return cached;
        }
        schema.ensureMigrated();
        MetricDefinition definition = jdbi.inTransaction(handle -> {
            handle.createUpdate("INSERT INTO metrics (name, type) VALUES (:name, :type) ON CONFLICT (name) DO NOTHING")
                    .bind("name", name)
                    .bind("type", typeOnCreate.label())
                    .execute();
            return handle.createQuery("SELECT " + COLUMNS + " FROM metrics WHERE name = :name")
                    .bind("name", name)
                    .map(MetricRegistry::map)
                    .one();
        });
        cache.put(name, definition);
        return definition;
    }

    private static MetricDefinition map(ResultSet rs, StatementContext ctx) throws SQLException {
        Array allowed = rs.getArray("allowed_tag_keys");
        Optional<List<String>> allowedKeys = allowed == null
                ? Optional.empty()
                : Optional.of(Arrays.stream((Object[]) allowed.getArray()).map(String::valueOf).toList());
        long limit = rs.getLong("cardinality_limit");
        OptionalLong cardinalityLimit = rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(limit);
        MetricType type = MetricType.fromLabel(rs.getString("type")).orElse(MetricType.GAUGE);
        return new MetricDefinition(rs.getObject("id", UUID.class), rs.getString("name"), type,
                allowedKeys, cardinalityLimit);
    }
}
