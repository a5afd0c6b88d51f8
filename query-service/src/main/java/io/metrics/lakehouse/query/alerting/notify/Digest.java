package io.metrics.lakehouse.query.alerting.notify;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * One notification of a group to one channel: the alerts whose transitions are due (or, for a
 * repeat, the alerts still firing). {@code groupFiring} says whether the group still has firing
 * alerts once this digest is delivered (PagerDuty resolves its incident only when it has none).
 */
public record Digest(
        String channel,
        String groupKey,
        Map<String, String> groupLabels,
        List<Alert> alerts,
        boolean groupFiring,
        String externalUrl) {

    public List<Alert> firing() {
        return alerts.stream().filter(Alert::firing).toList();
    }

    public List<Alert> resolved() {
        return alerts.stream().filter(a -> !a.firing()).toList();
    }

    /** Alertmanager's group status: firing while any alert of the notification fires. */
    public String status() {
        return firing().isEmpty() ? Alert.RESOLVED : Alert.FIRING;
    }

    /** Labels (or annotations) that every alert has with the same value. */
    public static Map<String, String> common(List<Map<String, String>> maps) {
        if (maps.isEmpty()) {
            return Map.of();
        }
        Map<String, String> common = new TreeMap<>(maps.get(0));
        for (Map<String, String> map : maps.subList(1, maps.size())) {
            common.entrySet().removeIf(e -> !e.getValue().equals(map.get(e.getKey())));
        }
        return common;
    }

    public Map<String, String> commonLabels() {
        return common(alerts.stream().map(Alert::labels).toList());
    }

    public Map<String, String> commonAnnotations() {
        return common(alerts.stream().map(Alert::annotations).toList());
    }

    /** {@code [FIRING:2] High p99 latency eu-west-1}: status, count, the group labels' values. */
    public String title() {
        String status = status().toUpperCase(java.util.Locale.ROOT);
        String count = firing().isEmpty() ? "" : ":" + firing().size();
        Set<String> keys = new TreeMap<>(groupLabels).keySet();
        String values = keys.stream().map(groupLabels::get).collect(Collectors.joining(" "));
        return "[" + status + count + "] " + values;
    }
}
