package io.metrics.lakehouse.query.alerting;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import io.metrics.lakehouse.query.alerting.notify.ChannelConfiguration;
import io.metrics.lakehouse.query.alerting.notify.GroupingConfiguration;
import io.metrics.lakehouse.query.alerting.notify.InhibitRuleConfiguration;
import io.metrics.lakehouse.query.alerting.notify.RouteConfiguration;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code alerting:} section of query-service's YAML (see {@code config/local.yml}).
 *
 * <ul>
 *   <li>{@code evaluator}: whether this process evaluates rules, how often it looks for due rules,
 *       the lease a replica holds on a rule while evaluating it.</li>
 *   <li>{@code dispatcher}: whether this process delivers notifications, how often, retries.</li>
 *   <li>{@code channels}: named channels ({@code type: slack|pagerduty|email|webhook}); URLs and
 *       keys come from the environment ({@code ${VAR}}), a channel without its URL is skipped.</li>
 *   <li>{@code routes}, {@code defaultGrouping}, {@code inhibitRules}: routing by severity and
 *       labels, grouping into digests, inhibition.</li>
 *   <li>{@code externalUrl}: the base of the links in notifications (generatorURL).</li>
 * </ul>
 */
public class AlertingConfiguration {

    @Valid
    @NotNull
    private Evaluator evaluator = new Evaluator();

    @Valid
    @NotNull
    private Dispatcher dispatcher = new Dispatcher();

    @NotEmpty
    private String externalUrl = "http://127.0.0.1:8082";

    @Valid
    @NotNull
    private Map<String, ChannelConfiguration> channels = new LinkedHashMap<>();

    @Valid
    @NotNull
    private List<RouteConfiguration> routes = List.of();

    @Valid
    @NotNull
    private GroupingConfiguration defaultGrouping = new GroupingConfiguration();

    @Valid
    @NotNull
    private List<InhibitRuleConfiguration> inhibitRules = List.of();

    /** The rule evaluator loop. */
    public static class Evaluator {
        /** false: this process serves the APIs only (another process evaluates). */
        private boolean enabled = true;
        /** How often the loop looks for due rules (each rule has its own interval). */
        @NotNull
        private Duration tick = Duration.seconds(1);
        /** How long a replica owns a rule it is evaluating; another takes over after a crash. */
        @NotNull
        private Duration leaseDuration = Duration.seconds(30);
        /** Rules leased per round trip. */
        @Min(1)
        @Max(10_000)
        private int batchSize = 200;
        /** Threads evaluating leased rules (data-source calls run in parallel). */
        @Min(1)
        @Max(256)
        private int threads = 4;
        /** Identity of this replica in leases; empty: host name + random suffix. */
        private String owner = "";

        @JsonProperty public boolean isEnabled() { return enabled; }
        @JsonProperty public void setEnabled(boolean enabled) { this.enabled = enabled; }
        @JsonProperty public Duration getTick() { return tick; }
        @JsonProperty public void setTick(Duration tick) { this.tick = tick; }
        @JsonProperty public Duration getLeaseDuration() { return leaseDuration; }
        @JsonProperty public void setLeaseDuration(Duration leaseDuration) { this.leaseDuration = leaseDuration; }
        @JsonProperty public int getBatchSize() { return batchSize; }
        @JsonProperty public void setBatchSize(int batchSize) { this.batchSize = batchSize; }
        @JsonProperty public int getThreads() { return threads; }
        @JsonProperty public void setThreads(int threads) { this.threads = threads; }
        @JsonProperty public String getOwner() { return owner; }
        @JsonProperty public void setOwner(String owner) { this.owner = owner; }
    }

    /** The notification dispatcher loop. */
    public static class Dispatcher {
        private boolean enabled = true;
        @NotNull
        private Duration tick = Duration.seconds(1);
        /** Attempts of one digest before its rows are marked failed. */
        @Min(1)
        private int maxAttempts = 10;
        /** Backoff after the first failure; doubles per attempt up to maxBackoff. */
        @NotNull
        private Duration initialBackoff = Duration.seconds(2);
        @NotNull
        private Duration maxBackoff = Duration.minutes(5);
        /** Connect and response timeout of one delivery. */
        @NotNull
        private Duration requestTimeout = Duration.seconds(10);

        @JsonProperty public boolean isEnabled() { return enabled; }
        @JsonProperty public void setEnabled(boolean enabled) { this.enabled = enabled; }
        @JsonProperty public Duration getTick() { return tick; }
        @JsonProperty public void setTick(Duration tick) { this.tick = tick; }
        @JsonProperty public int getMaxAttempts() { return maxAttempts; }
        @JsonProperty public void setMaxAttempts(int maxAttempts) { this.maxAttempts = maxAttempts; }
        @JsonProperty public Duration getInitialBackoff() { return initialBackoff; }
        @JsonProperty public void setInitialBackoff(Duration initialBackoff) { this.initialBackoff = initialBackoff; }
        @JsonProperty public Duration getMaxBackoff() { return maxBackoff; }
        @JsonProperty public void setMaxBackoff(Duration maxBackoff) { this.maxBackoff = maxBackoff; }
        @JsonProperty public Duration getRequestTimeout() { return requestTimeout; }
        @JsonProperty public void setRequestTimeout(Duration requestTimeout) { this.requestTimeout = requestTimeout; }
    }

    @JsonProperty public Evaluator getEvaluator() { return evaluator; }
    @JsonProperty public void setEvaluator(Evaluator evaluator) { this.evaluator = evaluator; }
    @JsonProperty public Dispatcher getDispatcher() { return dispatcher; }
    @JsonProperty public void setDispatcher(Dispatcher dispatcher) { this.dispatcher = dispatcher; }
    @JsonProperty public String getExternalUrl() { return externalUrl; }
    @JsonProperty public void setExternalUrl(String externalUrl) { this.externalUrl = externalUrl; }
    @JsonProperty public Map<String, ChannelConfiguration> getChannels() { return channels; }
    @JsonProperty public void setChannels(Map<String, ChannelConfiguration> channels) { this.channels = channels; }
    @JsonProperty public List<RouteConfiguration> getRoutes() { return routes; }
    @JsonProperty public void setRoutes(List<RouteConfiguration> routes) { this.routes = routes; }
    @JsonProperty public GroupingConfiguration getDefaultGrouping() { return defaultGrouping; }
    @JsonProperty public void setDefaultGrouping(GroupingConfiguration defaultGrouping) { this.defaultGrouping = defaultGrouping; }
    @JsonProperty public List<InhibitRuleConfiguration> getInhibitRules() { return inhibitRules; }
    @JsonProperty public void setInhibitRules(List<InhibitRuleConfiguration> inhibitRules) { this.inhibitRules = inhibitRules; }
}
