package io.metrics.lakehouse.gateway.db;

import io.metrics.lakehouse.controlplane.ControlPlaneSchema;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code gateway_series{metric}}: the distinct series of every metric, as the registry counts them
 * (the number the cardinality limit is checked against, the same on every replica), read from
 * PostgreSQL at most once per {@code refreshMillis} so that scrapes do not load the database. A
 * metric name is a label value here, because metric names contain dots that Dropwizard's dotted
 * names could not carry. When the database is unreachable the last known counts are served.
 */
public class SeriesCountCollector implements MultiCollector {

    private static final Logger LOG = LoggerFactory.getLogger(SeriesCountCollector.class);

    private record Count(String metric, long series) {
    }

    private final Jdbi jdbi;
    private final ControlPlaneSchema schema;
    private final long refreshMillis;
    private volatile List<Count> counts = List.of();
    private volatile long readAt = Long.MIN_VALUE / 2;

    public SeriesCountCollector(Jdbi jdbi, ControlPlaneSchema schema, long refreshMillis) {
        this.jdbi = jdbi;
        this.schema = schema;
        this.refreshMillis = refreshMillis;
    }

    @Override
    public MetricSnapshots collect() {
        GaugeSnapshot.Builder gauge = GaugeSnapshot.builder()
                .name("gateway_series")
                .help("Distinct series per metric in the metric registry (the cardinality limit's count)");
        for (Count count : current()) {
            gauge.dataPoint(GaugeSnapshot.GaugeDataPointSnapshot.builder()
                    .labels(Labels.of("metric", count.metric()))
                    .value(count.series())
                    .build());
        }
        return MetricSnapshots.of(gauge.build());
    }

    private List<Count> current() {
        long now = System.currentTimeMillis();
        if (now - readAt >= refreshMillis) {
            synchronized (this) {
                if (now - readAt >= refreshMillis) {
                    try {
                        schema.ensureMigrated();
                        counts = jdbi.withHandle(handle -> handle
                                .createQuery("SELECT name, series_count FROM metrics ORDER BY name")
                                .map((rs, ctx) -> new Count(rs.getString(1), rs.getLong(2)))
                                .list());
                    } catch (RuntimeException e) {
                        LOG.warn("series counts not refreshed (serving the last known): {}", e.getMessage());
                    }
                    readAt = now;
                }
            }
        }
        return counts;
    }
}
