package io.metrics.lakehouse.gateway.core;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code ingest.enrichment}: where this gateway runs. Each value that is set becomes a tag
 * ({@code region}, {@code datacenter}) of every point that does not carry that tag already, like
 * Prometheus' external labels: the sender's own value wins. Empty or absent = not added.
 */
public class EnrichmentSettings {

    private String region;
    private String datacenter;

    @JsonProperty
    public String getRegion() {
        return region;
    }

    @JsonProperty
    public void setRegion(String region) {
        this.region = region;
    }

    @JsonProperty
    public String getDatacenter() {
        return datacenter;
    }

    @JsonProperty
    public void setDatacenter(String datacenter) {
        this.datacenter = datacenter;
    }

    /** The tags to add, in a fixed order; never null. */
    @JsonIgnore
    public Map<String, String> tags() {
        Map<String, String> tags = new LinkedHashMap<>();
        if (region != null && !region.isBlank()) {
            tags.put("region", region.trim());
        }
        if (datacenter != null && !datacenter.isBlank()) {
            tags.put("datacenter", datacenter.trim());
        }
        return tags;
    }
}
