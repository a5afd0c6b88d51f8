package io.metrics.lakehouse.gateway.resources;

import io.metrics.lakehouse.gateway.core.GatewayMetrics;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;
import jakarta.ws.rs.ext.Provider;
import java.util.Map;

/**
 * Times every request to an ingest endpoint, from the matched request to the response (error
 * answers included), as {@code gateway_requests_seconds{endpoint,status}}.
 */
@Provider
public class RequestMetricsFilter implements ContainerRequestFilter, ContainerResponseFilter {

    private static final String START = RequestMetricsFilter.class.getName() + ".start";
    private static final Map<String, String> ENDPOINTS = Map.of(
            "v1/ingest", "ingest",
            "api/v1/write", "remote_write",
            "v1/metrics", "otlp");

    private final GatewayMetrics metrics;

    public RequestMetricsFilter(GatewayMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void filter(ContainerRequestContext request) {
        request.setProperty(START, System.nanoTime());
    }

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        Object start = request.getProperty(START);
        String endpoint = ENDPOINTS.get(stripSlashes(request.getUriInfo().getPath()));
        if (start instanceof Long nanos && endpoint != null) {
            metrics.request(endpoint, response.getStatus(), System.nanoTime() - nanos);
        }
    }

    private static String stripSlashes(String path) {
        int from = 0;
        int to = path.length();
        while (from < to && path.charAt(from) == '/') {
            from++;
        }
        while (to > from && path.charAt(to - 1) == '/') {
            to--;
        }
        return path.substring(from, to);
    }
}
