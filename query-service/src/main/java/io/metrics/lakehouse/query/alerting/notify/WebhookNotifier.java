package io.metrics.lakehouse.query.alerting.notify;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Alertmanager's webhook payload, version 4: {@code version, groupKey, truncatedAlerts, status,
 * receiver, groupLabels, commonLabels, commonAnnotations, externalURL, alerts[]}, each alert
 * {@code status, labels, annotations, startsAt, endsAt, generatorURL, fingerprint}. Anything that
 * reads Alertmanager webhooks reads these.
 */
class WebhookNotifier implements Notifier {

    private final String url;
    private final Map<String, String> headers;
    private final JsonPoster poster;

    WebhookNotifier(String url, Map<String, String> headers, JsonPoster poster) {
        this.url = url;
        this.headers = headers;
        this.poster = poster;
    }

    @Override
    public void send(Digest digest) throws Exception {
        poster.post(url, payload(digest), headers);
    }

    static Map<String, Object> payload(Digest digest) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("version", "4");
        body.put("groupKey", digest.groupKey());
        body.put("truncatedAlerts", 0);
        body.put("status", digest.status());
        body.put("receiver", digest.channel());
        body.put("groupLabels", digest.groupLabels());
        body.put("commonLabels", digest.commonLabels());
        body.put("commonAnnotations", digest.commonAnnotations());
        body.put("externalURL", digest.externalUrl());
        List<Map<String, Object>> alerts = digest.alerts().stream().map(WebhookNotifier::alert).toList();
        body.put("alerts", alerts);
        return body;
    }

    private static Map<String, Object> alert(Alert alert) {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("status", alert.status());
        map.put("labels", alert.labels());
        map.put("annotations", alert.annotations());
        map.put("startsAt", alert.startsAt());
        map.put("endsAt", alert.endsAt());
        map.put("generatorURL", alert.generatorURL());
        map.put("fingerprint", alert.fingerprint());
        return map;
    }
}
