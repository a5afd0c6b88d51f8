package io.metrics.lakehouse.query.alerting.notify;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.metrics.lakehouse.query.alerting.core.LabelMatcher;
import jakarta.validation.constraints.NotNull;
import java.util.List;

/**
 * Alertmanager's inhibit rule: while an alert matching {@code sourceMatchers} fires, notifications of
 * alerts matching {@code targetMatchers} with the same values of the {@code equal} labels are
 * muted (e.g. a critical "region down" mutes that region's warnings).
 */
public class InhibitRuleConfiguration {

    @NotNull
    private List<LabelMatcher> sourceMatchers = List.of();
    @NotNull
    private List<LabelMatcher> targetMatchers = List.of();
    @NotNull
    private List<String> equal = List.of();

    @JsonProperty public List<LabelMatcher> getSourceMatchers() { return sourceMatchers; }
    @JsonProperty public void setSourceMatchers(List<LabelMatcher> sourceMatchers) { this.sourceMatchers = sourceMatchers; }
    @JsonProperty public List<LabelMatcher> getTargetMatchers() { return targetMatchers; }
    @JsonProperty public void setTargetMatchers(List<LabelMatcher> targetMatchers) { this.targetMatchers = targetMatchers; }
    @JsonProperty public List<String> getEqual() { return equal; }
    @JsonProperty public void setEqual(List<String> equal) { this.equal = equal; }
}
