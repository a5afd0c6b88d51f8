package io.metrics.lakehouse.query.alerting.core;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One evaluation of one rule at one instant: from the stored instances and the data source's values
 * to the changes to persist. Label sets in the data are observed; stored instances missing from it
 * follow the rule's no-data policy.
 */
public final class RuleEvaluation {

    private RuleEvaluation() {}

    public static List<Change> plan(AlertRule rule, Map<String, StoredInstance> current, List<InstanceValue> values,
            Instant now) {
        Map<String, Observation> observations = new LinkedHashMap<>();
        for (InstanceValue value : values) {
            String fingerprint = Fingerprint.of(rule.id(), value.labels());
            observations.put(fingerprint, new Observation(rule.alertLabels(value.labels()),
                    rule.expression().breaches(value.value()), value.value()));
        }
        for (StoredInstance instance : current.values()) {
            if (observations.containsKey(instance.fingerprint())) {
                continue;
            }
            switch (rule.noDataPolicy()) {
                case OK -> observations.put(instance.fingerprint(), new Observation(instance.labels(), false, Double.NaN));
                case ALERTING -> observations.put(instance.fingerprint(), new Observation(instance.labels(), true, Double.NaN));
                case KEEP -> { }
            }
        }
        if (values.isEmpty() && current.isEmpty() && rule.noDataPolicy() == NoDataPolicy.ALERTING) {
            observations.put(Fingerprint.of(rule.id(), Map.of()), new Observation(rule.alertLabels(Map.of()), true, Double.NaN));
        }

        List<Change> changes = new ArrayList<>();
        observations.forEach((fingerprint, observation) -> {
            StoredInstance before = current.get(fingerprint);
            AlertState state = before == null ? AlertState.OK : before.state();
            Instant pendingSince = before == null ? now : before.pendingSince();
            StateMachine.Step step = StateMachine.next(state, observation.breaching, pendingSince, now, rule.forSeconds());
            Change.Kind kind = switch (step.transition()) {
                case PENDING -> Change.Kind.PEND;
                case FIRED -> Change.Kind.FIRE;
                case CLEARED -> Change.Kind.CLEAR;
                case RESOLVED -> Change.Kind.RESOLVE;
                case NONE -> step.next() == AlertState.OK ? null : Change.Kind.KEEP;
            };
            if (kind != null) {
                Map<String, String> labels = before == null ? observation.labels : before.labels();
                changes.add(new Change(kind, fingerprint, labels, observation.value, pendingSince, before));
            }
        });
        return changes;
    }

    private record Observation(Map<String, String> labels, boolean breaching, double value) {}
}
