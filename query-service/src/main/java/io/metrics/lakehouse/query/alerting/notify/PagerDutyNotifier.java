package io.metrics.lakehouse.query.alerting.notify;

import io.metrics.lakehouse.query.alerting.core.Fingerprint;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * PagerDuty Events API v2 ({@code POST /v2/enqueue}, answered 202). One PagerDuty alert per
 * notification group, as Alertmanager does: {@code dedup_key} is derived from the group key, so a
 * group's later triggers update the same incident instead of paging again, and {@code resolve} is
 * sent once the group has no firing alert left. A digest with only resolved alerts of a group that
 * still fires sends nothing (the incident stays open).
 */
class PagerDutyNotifier implements Notifier {

    private static final int SUMMARY_LIMIT = 1024;

    private final String url;
    private final String routingKey;
    private final String source;
    private final JsonPoster poster;

    PagerDutyNotifier(String url, String routingKey, String source, JsonPoster poster) {
        this.url = url;
        this.routingKey = routingKey;
        this.source = source;
        this.poster = poster;
    }

    static String dedupKey(Digest digest) {
        return "metrics-lakehouse/" + Fingerprint.hex16(digest.channel() + "\u0000" + digest.groupKey());
    }

    @Override
    public void send(Digest digest) throws Exception {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("routing_key", routingKey);
        if (digest.firing().isEmpty()) {
            if (digest.groupFiring()) {
                return;
            }
            event.put("event_action", "resolve");
            event.put("dedup_key", dedupKey(digest));
        } else {
            event.put("event_action", "trigger");
            event.put("dedup_key", dedupKey(digest));
            event.put("payload", payload(digest));
            event.put("client", "metrics-lakehouse alerting");
            event.put("client_url", digest.externalUrl());
        }
        poster.post(url, event, Map.of());
    }

    private Map<String, Object> payload(Digest digest) {
        List<Alert> firing = digest.firing();
        Map<String, Object> payload = new LinkedHashMap<>();
        String summary = digest.title();
        String first = firing.get(0).annotations().get("summary");
        if (first != null) {
            summary = summary + ": " + first;
        }
        payload.put("summary", summary.length() > SUMMARY_LIMIT ? summary.substring(0, SUMMARY_LIMIT) : summary);
        payload.put("source", source);
        payload.put("severity", severity(firing));
        payload.put("timestamp", firing.stream().map(Alert::startsAt).min(String::compareTo).orElseThrow());
        payload.put("group", digest.groupKey());
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("firing", firing.stream().map(AlertText::line).toList());
        details.put("resolved", digest.resolved().stream().map(AlertText::line).toList());
        details.put("num_firing", firing.size());
        details.put("num_resolved", digest.resolved().size());
        payload.put("custom_details", details);
        return payload;
    }

    /** PagerDuty's severities are critical, error, warning, info; ours map to the most severe firing. */
    private static String severity(List<Alert> firing) {
        List<String> order = List.of("critical", "warning", "info");
        return firing.stream().map(a -> a.labels().getOrDefault("severity", "error"))
                .filter(order::contains)
                .min((a, b) -> Integer.compare(order.indexOf(a), order.indexOf(b)))
                .orElse("error");
    }
}
