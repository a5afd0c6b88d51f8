package io.metrics.lakehouse.query.alerting.core;

import java.util.Map;

/** One aggregated value of a rule's query: the group-by labels of the series and the value. */
public record InstanceValue(Map<String, String> labels, double value) {

    public InstanceValue {
        labels = Map.copyOf(labels);
    }
}
