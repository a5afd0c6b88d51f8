package io.metrics.lakehouse.gateway.scrape;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One scrape job (Prometheus' {@code scrape_configs} entry, the subset the gateway supports):
 *
 * <pre>
 * - name: node                      # label job
 *   metricsPath: /metrics           # default /metrics; a target label __metrics_path__ overrides it
 *   scheme: http                    # http or https; a target label __scheme__ overrides it
 *   interval: 15s                   # default: scrape.defaultInterval
 *   timeout: 10s                    # default: scrape.defaultTimeout (capped at the interval)
 *   staticTargets: [ "10.0.0.5:9100" ]
 *   fileSd: [ /etc/metrics/targets/*.json ]   # Prometheus file_sd JSON files, re-read on change
 *   labels: { team: storage }       # added to every target of the job
 * </pre>
 */
public class ScrapeJobConfiguration {

    @NotEmpty
    @Pattern(regexp = "[a-zA-Z0-9_.:-]+", message = "must be letters, digits, _ . : or -")
    private String name;

    @NotNull
    @Pattern(regexp = "/.*", message = "must start with /")
    private String metricsPath = "/metrics";

    @NotNull
    @Pattern(regexp = "https?", message = "must be http or https")
    private String scheme = "http";

    private Duration interval;

    private Duration timeout;

    @NotNull
    private List<String> staticTargets = new ArrayList<>();

    /** Paths of file_sd files; blank entries are ignored (so that an unset ${VAR:-} means none). */
    @NotNull
    private List<String> fileSd = new ArrayList<>();

    @NotNull
    private Map<String, String> labels = new LinkedHashMap<>();

    @JsonProperty
    public String getName() {
        return name;
    }

    @JsonProperty
    public void setName(String name) {
        this.name = name;
    }

    @JsonProperty
    public String getMetricsPath() {
        return metricsPath;
    }

    @JsonProperty
    public void setMetricsPath(String metricsPath) {
        this.metricsPath = metricsPath;
    }

    @JsonProperty
    public String getScheme() {
        return scheme;
    }

    @JsonProperty
    public void setScheme(String scheme) {
        this.scheme = scheme;
    }

    @JsonProperty
    public Duration getInterval() {
        return interval;
    }

    @JsonProperty
    public void setInterval(Duration interval) {
        this.interval = interval;
    }

    @JsonProperty
    public Duration getTimeout() {
        return timeout;
    }

    @JsonProperty
    public void setTimeout(Duration timeout) {
        this.timeout = timeout;
    }

    @JsonProperty
    public List<String> getStaticTargets() {
        return staticTargets;
    }

    @JsonProperty
    public void setStaticTargets(List<String> staticTargets) {
        this.staticTargets = staticTargets;
    }

    @JsonProperty
    public List<String> getFileSd() {
        return fileSd;
    }

    @JsonProperty
    public void setFileSd(List<String> fileSd) {
        this.fileSd = fileSd;
    }

    @JsonProperty
    public Map<String, String> getLabels() {
        return labels;
    }

    @JsonProperty
    public void setLabels(Map<String, String> labels) {
        this.labels = labels;
    }
}
