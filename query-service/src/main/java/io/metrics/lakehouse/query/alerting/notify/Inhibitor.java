package io.metrics.lakehouse.query.alerting.notify;

import io.metrics.lakehouse.query.alerting.core.LabelMatcher;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Applies the inhibit rules: a target alert is muted while another firing alert matches a rule's
 * source matchers and has the same values for the rule's {@code equal} labels. Unlike Alertmanager, a
 * label absent on both sides does not count as equal: a critical alert without {@code region} must
 * not mute every warning. An alert never inhibits itself.
 */
public class Inhibitor {

    /** A firing alert that may act as a source. */
    public record Source(String fingerprint, Map<String, String> labels) {}

    private final List<InhibitRuleConfiguration> rules;

    public Inhibitor(List<InhibitRuleConfiguration> rules) {
        this.rules = List.copyOf(rules);
    }

    public boolean hasRules() {
        return !rules.isEmpty();
    }

    public boolean inhibited(String fingerprint, Map<String, String> target, List<Source> firing) {
        for (InhibitRuleConfiguration rule : rules) {
            if (!LabelMatcher.all(rule.getTargetMatchers(), target)) {
                continue;
            }
            for (Source source : firing) {
                if (!source.fingerprint().equals(fingerprint)
                        && LabelMatcher.all(rule.getSourceMatchers(), source.labels())
                        && rule.getEqual().stream().allMatch(l -> source.labels().containsKey(l)
                                && Objects.equals(source.labels().get(l), target.get(l)))) {
                    return true;
                }
            }
        }
        return false;
    }
}
