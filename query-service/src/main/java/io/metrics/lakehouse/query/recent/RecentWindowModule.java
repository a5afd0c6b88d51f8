package io.metrics.lakehouse.query.recent;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;
import io.dropwizard.core.setup.Environment;
import java.time.Clock;

/**
 * Wires the recent window: the window, its topic consumer (managed: started and stopped with the
 * service) and its metrics ({@code query.recent.*} on the admin port). Off without
 * {@code recentWindow.bootstrapServers}.
 */
public final class RecentWindowModule {

    private RecentWindowModule() {
    }

    public static RecentWindow register(Environment environment, RecentWindowConfiguration config, Clock clock) {
        if (!config.isEnabled()) {
            return RecentWindow.off();
        }
        RecentPoints points = new RecentPoints(config.getRetention().toJavaDuration(), config.getMaxLag().toJavaDuration(),
                config.getMaxPoints(), clock);
        PointsTopicConsumer consumer = new PointsTopicConsumer(config, points, clock);
        environment.lifecycle().manage(consumer);
        MetricRegistry metrics = environment.metrics();
        metrics.register(name("points"), (Gauge<Long>) points::pointCount);
        metrics.register(name("series"), (Gauge<Long>) points::seriesCount);
        metrics.register(name("duplicates"), (Gauge<Long>) points::duplicateCount);
        metrics.register(name("lag_seconds"), (Gauge<Double>) points::lagSeconds);
        metrics.register(name("overflowed"), (Gauge<Integer>) () -> points.overflowed() ? 1 : 0);
        metrics.register(name("records"), (Gauge<Long>) consumer::recordCount);
        metrics.register(name("undecodable_records"), (Gauge<Long>) consumer::undecodableCount);
        return new RecentWindow(points);
    }

    private static String name(String metric) {
        return MetricRegistry.name("query", "recent", metric);
    }
}
