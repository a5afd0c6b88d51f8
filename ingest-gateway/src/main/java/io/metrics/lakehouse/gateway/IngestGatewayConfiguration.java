package io.metrics.lakehouse.gateway;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.core.Configuration;
import io.metrics.lakehouse.gateway.kafka.KafkaConfiguration;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import io.metrics.lakehouse.service.LoopbackServer;

/**
 * Configuration of the ingest gateway (YAML, see {@code config/local.yml}).
 *
 * <ul>
 *   <li>{@code server}: Dropwizard's default server. Without a {@code server} section the gateway
 *       listens on 127.0.0.1:8081 (application) and 127.0.0.1:8091 (admin: health checks,
 *       metrics, Prometheus at {@code /metrics/prometheus}); never on all interfaces by default.</li>
 *   <li>{@code kafka}: see {@link KafkaConfiguration}.</li>
 *   <li>{@code logging}, {@code metrics}: Dropwizard's own sections.</li>
 * </ul>
 */
public class IngestGatewayConfiguration extends Configuration {

    public static final int DEFAULT_PORT = 8081;
    public static final int DEFAULT_ADMIN_PORT = 8091;

    @Valid
    @NotNull
    private KafkaConfiguration kafka;

    public IngestGatewayConfiguration() {
        setServerFactory(LoopbackServer.serverFactory(DEFAULT_PORT, DEFAULT_ADMIN_PORT));
    }


    @JsonProperty
    public KafkaConfiguration getKafka() {
        return kafka;
    }

    @JsonProperty
    public void setKafka(KafkaConfiguration kafka) {
        this.kafka = kafka;
    }
}
