package io.metrics.lakehouse.query.alerting.notify;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.validation.constraints.NotEmpty;
import java.time.Duration;

/**
 * PagerDuty Events API v2: {@code routingKey} (the integration key, secret, from the environment),
 * {@code url} (the enqueue endpoint), {@code source} (the payload's source field).
 */
public class PagerDutyChannelConfiguration extends ChannelConfiguration {

    private String url = "https://events.pagerduty.com/v2/enqueue";
    private String routingKey = "";
    @NotEmpty
    private String source = "metrics-lakehouse";

    @JsonProperty public String getUrl() { return url; }
    @JsonProperty public void setUrl(String url) { this.url = url; }
    @JsonProperty public String getRoutingKey() { return routingKey; }
    @JsonProperty public void setRoutingKey(String routingKey) { this.routingKey = routingKey; }
    @JsonProperty public String getSource() { return source; }
    @JsonProperty public void setSource(String source) { this.source = source; }

    @Override
    public boolean isConfigured() {
        return present(url) && present(routingKey);
    }

    @Override
    public Notifier build(ObjectMapper json, Duration timeout) {
        return new PagerDutyNotifier(url, routingKey, source, new JsonPoster(json, timeout));
    }
}
