package io.metrics.lakehouse.gateway.core;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import io.dropwizard.validation.DurationRange;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code ingest.validation}: what a point must satisfy to be accepted.
 *
 * <pre>
 * validation:
 *   allowedTagKeys: []   # global default allowlist; empty = every well-formed key. A metric's own
 *                        # allowlist in the registry (metrics.allowed_tag_keys) replaces it.
 *   maxTags: 32          # tags per point, as sent (before enrichment)
 *   maxTagKeyLength: 64
 *   maxTagValueLength: 256
 *   maxPastAge: 7d       # oldest accepted timestamp: now - maxPastAge (raw retention)
 *   maxFutureSkew: 10m   # newest accepted timestamp: now + maxFutureSkew (clock skew)
 *   seriesCacheSize: 50000  # tag sets already validated and normalized, remembered per replica
 * </pre>
 */
public class ValidationSettings {

    @NotNull
    private List<String> allowedTagKeys = new ArrayList<>();

    @Min(0)
    @Max(1000)
    private int maxTags = 32;

    @Min(1)
    @Max(4096)
    private int maxTagKeyLength = 64;

    @Min(1)
    @Max(65536)
    private int maxTagValueLength = 256;

    @NotNull
    @DurationRange(min = 1, max = 3650, unit = TimeUnit.DAYS)
    private Duration maxPastAge = Duration.days(7);

    @NotNull
    @DurationRange(min = 0, max = 7, unit = TimeUnit.DAYS)
    private Duration maxFutureSkew = Duration.minutes(10);

    /** 0 turns the cache off; each entry costs about 1 KiB of heap. */
    @Min(0)
    @Max(10_000_000)
    private long seriesCacheSize = 50_000;

    @JsonProperty
    public List<String> getAllowedTagKeys() {
        return allowedTagKeys;
    }

    @JsonProperty
    public void setAllowedTagKeys(List<String> allowedTagKeys) {
        this.allowedTagKeys = allowedTagKeys;
    }

    @JsonProperty
    public int getMaxTags() {
        return maxTags;
    }

    @JsonProperty
    public void setMaxTags(int maxTags) {
        this.maxTags = maxTags;
    }

    @JsonProperty
    public int getMaxTagKeyLength() {
        return maxTagKeyLength;
    }

    @JsonProperty
    public void setMaxTagKeyLength(int maxTagKeyLength) {
        this.maxTagKeyLength = maxTagKeyLength;
    }

    @JsonProperty
    public int getMaxTagValueLength() {
        return maxTagValueLength;
    }

    @JsonProperty
    public void setMaxTagValueLength(int maxTagValueLength) {
        this.maxTagValueLength = maxTagValueLength;
    }

    @JsonProperty
    public Duration getMaxPastAge() {
        return maxPastAge;
    }

    @JsonProperty
    public void setMaxPastAge(Duration maxPastAge) {
        this.maxPastAge = maxPastAge;
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
    public long getSeriesCacheSize() {
        return seriesCacheSize;
    }

    @JsonProperty
    public void setSeriesCacheSize(long seriesCacheSize) {
        this.seriesCacheSize = seriesCacheSize;
    }
}
