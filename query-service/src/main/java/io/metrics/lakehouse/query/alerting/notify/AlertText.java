package io.metrics.lakehouse.query.alerting.notify;

import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** The one-line text of an alert shared by the human-readable channels (Slack, e-mail). */
final class AlertText {

    private AlertText() {}

    /** {@code [firing] High p99 latency {region=eu} avg(value)=612.5: summary (runbook: url)}. */
    static String line(Alert alert) {
        Map<String, String> labels = new TreeMap<>(alert.labels());
        String name = labels.remove("alertname");
        String labelText = labels.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue())
                .collect(Collectors.joining(", ", "{", "}"));
        String values = new TreeMap<>(alert.values()).entrySet().stream()
                .map(e -> e.getKey() + "=" + format(e.getValue())).collect(Collectors.joining(" "));
        StringBuilder line = new StringBuilder("[").append(alert.status()).append("] ")
                .append(name).append(' ').append(labelText);
        if (!values.isEmpty()) {
            line.append(' ').append(values);
        }
        String summary = alert.annotations().get("summary");
        if (summary != null) {
            line.append(": ").append(summary);
        }
        String runbook = alert.annotations().get("runbook_url");
        if (runbook != null) {
            line.append(" (runbook: ").append(runbook).append(')');
        }
        line.append(" since ").append(alert.startsAt());
        if (!alert.firing()) {
            line.append(" until ").append(alert.endsAt());
        }
        return line.toString();
    }

    static String format(Double value) {
        if (value == null || value.isNaN()) {
            return "no data";
        }
        return value == Math.rint(value) && Math.abs(value) < 1e15 ? String.valueOf(value.longValue()) : value.toString();
    }
}
