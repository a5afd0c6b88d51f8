package io.metrics.lakehouse.query.alerting.notify;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.metrics.lakehouse.query.alerting.core.LabelMatcher;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import java.util.List;

/**
 * A route: alerts whose severity is in {@code severities} (empty: any) and whose labels match every
 * matcher of {@code matchers} go to {@code channels}, grouped as {@code grouping} says (the
 * {@code defaultGrouping} when absent). Every matching route applies (no first-match).
 */
public class RouteConfiguration {

    @NotEmpty
    private String name = "route";
    @NotNull
    private List<String> severities = List.of();
    @NotNull
    private List<LabelMatcher> matchers = List.of();
    @NotEmpty
    private List<String> channels = List.of();
    private GroupingConfiguration grouping;

    @JsonProperty public String getName() { return name; }
    @JsonProperty public void setName(String name) { this.name = name; }
    @JsonProperty public List<String> getSeverities() { return severities; }
    @JsonProperty public void setSeverities(List<String> severities) { this.severities = severities; }
    @JsonProperty public List<LabelMatcher> getMatchers() { return matchers; }
    @JsonProperty public void setMatchers(List<LabelMatcher> matchers) { this.matchers = matchers; }
    @JsonProperty public List<String> getChannels() { return channels; }
    @JsonProperty public void setChannels(List<String> channels) { this.channels = channels; }
    @JsonProperty public GroupingConfiguration getGrouping() { return grouping; }
    @JsonProperty public void setGrouping(GroupingConfiguration grouping) { this.grouping = grouping; }
}
