package io.metrics.lakehouse.gateway.db;

import io.metrics.lakehouse.controlplane.ControlPlaneSchema;
import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * The per-metric cardinality limit, consistent across gateway replicas.
 *
 * <p>Known series are remembered locally (Caffeine), so a request whose series were all seen before
 * never touches PostgreSQL. Series this replica has not seen go to PostgreSQL in one transaction per
 * metric: the metric's row is locked ({@code SELECT ... FOR UPDATE}), which serializes the
 * admission of NEW series of that metric across all replicas; series another replica registered
 * already are found and admitted; the rest are admitted in request order while {@code series_count}
 * stays within the limit, inserted with {@code ON CONFLICT DO NOTHING} and counted in the same
 * transaction. Two replicas racing at limit - 1 therefore admit exactly one series.
 */
public class SeriesAdmission {

    /** What happened to the series of one request for one metric. */
    public record Result(Set<Long> rejected, long limit, long seriesCount) {
        public boolean allAdmitted() {
            return rejected.isEmpty();
        }
    }

    private record Known(UUID metricId, long seriesId) {
    }

    private final Jdbi jdbi;
    private final ControlPlaneSchema schema;
    private final long defaultLimit;
    private final Cache<Known, Boolean> known;

    public SeriesAdmission(Jdbi jdbi, ControlPlaneSchema schema, long defaultLimit, long cacheSize) {
        this.jdbi = jdbi;
        this.schema = schema;
        this.defaultLimit = defaultLimit;
        this.known = Caffeine.newBuilder().maximumSize(cacheSize).build();
    }

    /**
     * @param seriesIds the distinct series of the request, in order of first appearance (the order
     *                  in which they are admitted when only some fit under the limit)
     */
    public Result admit(MetricDefinition metric, Set<Long> seriesIds) {
        List<Long> unknown = new ArrayList<>();
        for (Long id : seriesIds) {
            if (known.getIfPresent(new Known(metric.id(), id)) == null) {
                unknown.add(id);
            }
        }
        if (unknown.isEmpty()) {
            return new Result(Set.of(), -1, -1);
        }
        schema.ensureMigrated();
        Result result = jdbi.inTransaction(handle -> admitInDatabase(handle, metric, unknown));
        for (Long id : unknown) {
            if (!result.rejected().contains(id)) {
                known.put(new Known(metric.id(), id), Boolean.TRUE);
            }
        }
        return result;
    }

    private Result admitInDatabase(Handle handle, MetricDefinition metric, List<Long> candidates) {
        // The row lock: concurrent admissions of this metric's new series wait here, on every replica.
        Long[] row = handle.createQuery(
                        "SELECT cardinality_limit, series_count FROM metrics WHERE id = :id FOR UPDATE")
                .bind("id", metric.id())
                .map((rs, ctx) -> {
                    long limit = rs.getLong(1);
                    return new Long[] {rs.wasNull() ? null : limit, rs.getLong(2)};
                })
                .one();
        long limit = row[0] != null ? row[0] : defaultLimit;
        long count = row[1];

        Set<Long> existing = new HashSet<>(handle.createQuery(
                        "SELECT series_id FROM metric_series WHERE metric_id = :id AND series_id = ANY(:ids)")
                .bind("id", metric.id())
                .bindArray("ids", Long.class, candidates)
                .mapTo(Long.class)
                .list());

        List<Long> admitted = new ArrayList<>();
        Set<Long> rejected = new LinkedHashSet<>();
        for (Long id : candidates) {
            if (existing.contains(id)) {
                continue;
            }
            if (count + admitted.size() < limit) {
                admitted.add(id);
            } else {
                rejected.add(id);
            }
        }
        if (!admitted.isEmpty()) {
            int inserted = handle.createUpdate("""
                            INSERT INTO metric_series (metric_id, series_id)
                            SELECT :id, unnest(:ids) ON CONFLICT DO NOTHING""")
                    .bind("id", metric.id())
                    .bindArray("ids", Long.class, admitted)
                    .execute();
            handle.createUpdate("UPDATE metrics SET series_count = series_count + :n WHERE id = :id")
                    .bind("n", inserted)
                    .bind("id", metric.id())
                    .execute();
            count += inserted;
        }
        return new Result(rejected, limit, count);
    }
}
