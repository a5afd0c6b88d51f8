package io.metrics.lakehouse.service;

import io.dropwizard.core.server.DefaultServerFactory;
import io.dropwizard.jetty.ConnectorFactory;
import io.dropwizard.jetty.HttpConnectorFactory;
import java.util.List;

/**
 * The default server of every service: application and admin connectors on 127.0.0.1 only. A YAML
 * {@code server} section replaces it (e.g. to listen on a pod's address in a deployment).
 */
public final class LoopbackServer {

    public static final String BIND_HOST = "127.0.0.1";

    private LoopbackServer() {
    }

    public static DefaultServerFactory serverFactory(int port, int adminPort) {
        DefaultServerFactory server = new DefaultServerFactory();
        server.setApplicationConnectors(List.of(connector(port)));
        server.setAdminConnectors(List.of(connector(adminPort)));
        return server;
    }

    private static ConnectorFactory connector(int port) {
        HttpConnectorFactory connector = new HttpConnectorFactory();
        connector.setBindHost(BIND_HOST);
        connector.setPort(port);
        return connector;
    }
}
