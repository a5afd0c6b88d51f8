package io.metrics.lakehouse.query.alerting.notify;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.Map;

/**
 * Generic webhook with Alertmanager's webhook payload (version 4): {@code url} (from the
 * environment), optional {@code headers} (e.g. an Authorization header from the environment).
 */
public class WebhookChannelConfiguration extends ChannelConfiguration {

    private String url = "";
    private Map<String, String> headers = Map.of();

    @JsonProperty public String getUrl() { return url; }
    @JsonProperty public void setUrl(String url) { this.url = url; }
    @JsonProperty public Map<String, String> getHeaders() { return headers; }
    @JsonProperty public void setHeaders(Map<String, String> headers) { this.headers = headers; }

    @Override
    public boolean isConfigured() {
        return present(url);
    }

    @Override
    public Notifier build(ObjectMapper json, Duration timeout) {
        return new WebhookNotifier(url, headers, new JsonPoster(json, timeout));
    }
}
