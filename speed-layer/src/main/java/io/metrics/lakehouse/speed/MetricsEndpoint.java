package io.metrics.lakehouse.speed;

import io.prometheus.metrics.exporter.httpserver.HTTPServer;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;

/** The job's metrics in Prometheus text format on {@code http://127.0.0.1:PORT/metrics} (loopback only). */
public final class MetricsEndpoint implements AutoCloseable {

    private final HTTPServer server;

    private MetricsEndpoint(HTTPServer server) {
        this.server = server;
    }

    /** @param port 0: no endpoint (the returned object then does nothing) */
    public static MetricsEndpoint start(PrometheusRegistry registry, int port) {
        if (port <= 0) {
            return new MetricsEndpoint(null);
        }
        try {
            return new MetricsEndpoint(HTTPServer.builder().hostname("127.0.0.1").port(port).registry(registry)
                    .buildAndStart());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot serve metrics on 127.0.0.1:" + port, e);
        }
    }

    public int port() {
        return server == null ? 0 : server.getPort();
    }

    @Override
    public void close() {
        if (server != null) {
            server.close();
        }
    }
}
