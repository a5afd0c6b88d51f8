package io.metrics.lakehouse.gateway.db;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.DurationRange;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import java.util.concurrent.TimeUnit;

/**
 * {@code registry}: the metric registry and the cardinality limit, both in the control-plane
 * database ({@code database} section).
 *
 * <pre>
 * registry:
 *   defaultCardinalityLimit: 10000   # distinct series per metric unless metrics.cardinality_limit says otherwise
 *   knownSeriesCacheSize: 1000000    # (metric, series) pairs this replica remembers as admitted
 *   metricCacheTtl: 30s              # how long a registry row (allowlist, type) is reused before re-reading
 * </pre>
 */
public class RegistryConfiguration {

    @Min(0)
    @Max(Integer.MAX_VALUE)
    private long defaultCardinalityLimit = 10_000;

    @Min(0)
    private long knownSeriesCacheSize = 1_000_000;

    @DurationRange(min = 0, max = 1, unit = TimeUnit.DAYS)
    private Duration metricCacheTtl = Duration.seconds(30);

    @JsonProperty
    public long getDefaultCardinalityLimit() {
        return defaultCardinalityLimit;
    }

    @JsonProperty
    public void setDefaultCardinalityLimit(long defaultCardinalityLimit) {
        this.defaultCardinalityLimit = defaultCardinalityLimit;
    }

    @JsonProperty
    public long getKnownSeriesCacheSize() {
        return knownSeriesCacheSize;
    }

    @JsonProperty
    public void setKnownSeriesCacheSize(long knownSeriesCacheSize) {
        this.knownSeriesCacheSize = knownSeriesCacheSize;
    }

    @JsonProperty
    public Duration getMetricCacheTtl() {
        return metricCacheTtl;
    }

    @JsonProperty
    public void setMetricCacheTtl(Duration metricCacheTtl) {
        this.metricCacheTtl = metricCacheTtl;
    }
}
