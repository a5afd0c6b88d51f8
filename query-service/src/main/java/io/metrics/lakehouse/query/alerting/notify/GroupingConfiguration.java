package io.metrics.lakehouse.query.alerting.notify;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.util.Duration;
import jakarta.validation.constraints.NotNull;
import java.util.List;

/**
 * Alertmanager's grouping: alerts with equal values of {@code groupBy} labels go out as one digest;
 * a new group waits {@code groupWait} (to collect the storm), a group that already notified sends
 * its next changes after {@code groupInterval}, and still-firing alerts are repeated after
 * {@code repeatInterval}.
 */
public class GroupingConfiguration {

    @NotNull
    private List<String> groupBy = List.of("alertname");
    @NotNull
    private Duration groupWait = Duration.seconds(30);
    @NotNull
    private Duration groupInterval = Duration.minutes(5);
    @NotNull
    private Duration repeatInterval = Duration.hours(4);

    @JsonProperty public List<String> getGroupBy() { return groupBy; }
    @JsonProperty public void setGroupBy(List<String> groupBy) { this.groupBy = groupBy; }
    @JsonProperty public Duration getGroupWait() { return groupWait; }
    @JsonProperty public void setGroupWait(Duration groupWait) { this.groupWait = groupWait; }
    @JsonProperty public Duration getGroupInterval() { return groupInterval; }
    @JsonProperty public void setGroupInterval(Duration groupInterval) { this.groupInterval = groupInterval; }
    @JsonProperty public Duration getRepeatInterval() { return repeatInterval; }
    @JsonProperty public void setRepeatInterval(Duration repeatInterval) { this.repeatInterval = repeatInterval; }
}
