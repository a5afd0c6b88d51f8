package io.metrics.lakehouse.service;

import io.dropwizard.core.setup.Environment;
import io.prometheus.metrics.exporter.servlet.jakarta.PrometheusMetricsServlet;
import io.prometheus.metrics.instrumentation.dropwizard.DropwizardExports;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * Serves every metric of the Dropwizard {@link com.codahale.metrics.MetricRegistry} (JVM, Jetty,
 * Jersey, logback, and our own) in the Prometheus text exposition format on the admin connector.
 *
 * <p>Uses Prometheus client_java 1.x: {@code DropwizardExports} converts the registry on every
 * scrape (names are sanitised: {@code jvm.memory.heap.used} becomes {@code jvm_memory_heap_used}),
 * and {@code PrometheusMetricsServlet} negotiates the format (text 0.0.4 by default, OpenMetrics
 * or protobuf when the scraper asks).
 */
public final class PrometheusEndpoint {

    /** Path on the admin connector. Dropwizard's own JSON metrics stay at {@code /metrics}. */
    public static final String PATH = "/metrics/prometheus";

    private PrometheusEndpoint() {
    }

    public static PrometheusRegistry register(Environment environment) {
        PrometheusRegistry registry = new PrometheusRegistry();
        DropwizardExports.builder().dropwizardRegistry(environment.metrics()).register(registry);
        environment.admin()
                .addServlet("prometheus", new PrometheusMetricsServlet(registry))
                .addMapping(PATH);
        return registry;
    }
}
