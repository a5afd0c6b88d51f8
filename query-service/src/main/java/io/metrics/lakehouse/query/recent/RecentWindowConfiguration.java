package io.metrics.lakehouse.query.recent;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.MinDuration;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * {@code recentWindow}: the last hours of points, kept in memory from the points topic, so that the
 * queries dashboards and alert rules run most (the last hour) are answered without Trino.
 *
 * <pre>
 * recentWindow:
 *   bootstrapServers: ${KAFKA_BOOTSTRAP_SERVERS:-}   # empty: off, every query runs on Trino
 *   topic: metrics.points.v1      # what the gateway publishes (PointBatch records)
 *   retention: 2h                 # points kept: a query inside [now - retention, now] is served here
 *   maxFutureSkew: 10m            # the gateway's ingest.validation.maxFutureSkew (replay starts that much earlier)
 *   maxLag: 5s                    # older than this, the window is not used (Trino answers)
 *   maxPoints: 50000000           # ~16 bytes each; beyond it the window turns itself off (logged)
 *   clientProperties: {}          # extra consumer settings, e.g. security.protocol: SSL
 * </pre>
 *
 * <p>The window must see every point that raw_points gets, so it is for deployments where points reach
 * raw_points only through the topic (the product's own flow). It is off unless Kafka is configured.
 */
public class RecentWindowConfiguration {

    private String bootstrapServers = "";

    @NotEmpty
    private String topic = "metrics.points.v1";

    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.MINUTES)
    private Duration retention = Duration.hours(2);

    @NotNull
    private Duration maxFutureSkew = Duration.minutes(10);

    @NotNull
    @MinDuration(value = 1, unit = TimeUnit.SECONDS)
    private Duration maxLag = Duration.seconds(5);

    @Min(1)
    private long maxPoints = 50_000_000L;

    @NotNull
    private Map<String, String> clientProperties = new HashMap<>();

    /** Whether a points topic is configured: without it every query runs on Trino. */
    public boolean isEnabled() {
        return bootstrapServers != null && !bootstrapServers.isBlank();
    }

    @JsonProperty
    public String getBootstrapServers() {
        return bootstrapServers;
    }

    @JsonProperty
    public void setBootstrapServers(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    @JsonProperty
    public String getTopic() {
        return topic;
    }

    @JsonProperty
    public void setTopic(String topic) {
        this.topic = topic;
    }

    @JsonProperty
    public Duration getRetention() {
        return retention;
    }

    @JsonProperty
    public void setRetention(Duration retention) {
        this.retention = retention;
    }

    @JsonProperty
    public Duration getMaxFutureSkew() {
        return maxFutureSkew;
    }

    @JsonProperty
    public void setMaxFutureSkew(Duration maxFutureSkew) {
        this.maxFutureSkew = maxFutureSkew;
    }

    @JsonProperty
    public Duration getMaxLag() {
        return maxLag;
    }

    @JsonProperty
    public void setMaxLag(Duration maxLag) {
        this.maxLag = maxLag;
    }

    @JsonProperty
    public long getMaxPoints() {
        return maxPoints;
    }

    @JsonProperty
    public void setMaxPoints(long maxPoints) {
        this.maxPoints = maxPoints;
    }

    @JsonProperty
    public Map<String, String> getClientProperties() {
        return clientProperties;
    }

    @JsonProperty
    public void setClientProperties(Map<String, String> clientProperties) {
        this.clientProperties = clientProperties;
    }
}
