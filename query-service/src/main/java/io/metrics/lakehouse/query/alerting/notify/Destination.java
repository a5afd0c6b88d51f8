package io.metrics.lakehouse.query.alerting.notify;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Where an alert's notifications go: a channel, through a route, grouped by some labels. */
public record Destination(String channel, String route, List<String> groupBy, Duration groupWait,
        Duration groupInterval, Duration repeatInterval) {

    public Map<String, String> groupLabels(Map<String, String> labels) {
        Map<String, String> group = new LinkedHashMap<>();
        groupBy.stream().sorted().forEach(name -> {
            if (labels.containsKey(name)) {
                group.put(name, labels.get(name));
            }
        });
        return group;
    }

    /** Alertmanager-like: {@code route/channel:{alertname="X",region="eu"}}. */
    public String groupKey(Map<String, String> labels) {
        return route + "/" + channel + ":" + groupLabels(labels).entrySet().stream()
                .map(e -> e.getKey() + "=\"" + e.getValue().replace("\"", "\\\"") + "\"")
                .collect(Collectors.joining(",", "{", "}"));
    }
}
