package io.metrics.lakehouse.gateway.api;

/**
 * Body of {@code GET /v1/status}:
 * {@code {"service":"ingest-gateway","version":"0.1.0","kafka":{"bootstrapServers":"...","topic":"..."}}}.
 */
public record ServiceStatus(String service, String version, Kafka kafka) {

    /** Where accepted points go. */
    public record Kafka(String bootstrapServers, String topic) {
    }
}
