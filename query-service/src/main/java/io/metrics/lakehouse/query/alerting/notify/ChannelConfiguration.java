package io.metrics.lakehouse.query.alerting.notify;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;

/** A named channel of the {@code alerting.channels} map; {@code type} selects the kind. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = SlackChannelConfiguration.class, name = "slack"),
    @JsonSubTypes.Type(value = PagerDutyChannelConfiguration.class, name = "pagerduty"),
    @JsonSubTypes.Type(value = EmailChannelConfiguration.class, name = "email"),
    @JsonSubTypes.Type(value = WebhookChannelConfiguration.class, name = "webhook"),
})
public abstract class ChannelConfiguration {

    /**
     * False when the secret part (URL, routing key, SMTP host) is empty, as it is in the repository's
     * config until the environment provides it: such a channel is skipped, not failed.
     */
    public abstract boolean isConfigured();

    public abstract Notifier build(ObjectMapper json, Duration timeout);

    static boolean present(String value) {
        return value != null && !value.isBlank();
    }
}
