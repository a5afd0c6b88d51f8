package io.metrics.lakehouse.query.api;

/**
 * Body of {@code GET /v1/status}:
 * {@code {"service":"query-service","version":"0.1.0","trino":{"jdbcUrl":"...","catalog":"iceberg","schema":"metrics"}}}.
 */
public record ServiceStatus(String service, String version, Trino trino) {

    /** Where queries go (the URL without its query string, which may carry credentials). */
    public record Trino(String jdbcUrl, String catalog, String schema) {
    }
}
