package io.metrics.lakehouse.query.alerting.notify;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;

/** Slack incoming webhook: {@code url} (secret, from the environment). */
public class SlackChannelConfiguration extends ChannelConfiguration {

    private String url = "";

    @JsonProperty public String getUrl() { return url; }
    @JsonProperty public void setUrl(String url) { this.url = url; }

    @Override
    public boolean isConfigured() {
        return present(url);
    }

    @Override
    public Notifier build(ObjectMapper json, Duration timeout) {
        return new SlackNotifier(url, new JsonPoster(json, timeout));
    }
}
