package io.metrics.lakehouse.query.alerting.notify;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Slack incoming webhook: a JSON body with {@code text} (mrkdwn), answered {@code 200 ok}. One
 * message per digest: the title, then one line per alert with its summary and runbook.
 */
class SlackNotifier implements Notifier {

    private final String url;
    private final JsonPoster poster;

    SlackNotifier(String url, JsonPoster poster) {
        this.url = url;
        this.poster = poster;
    }

    @Override
    public void send(Digest digest) throws Exception {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("text", text(digest));
        poster.post(url, body, Map.of());
    }

    static String text(Digest digest) {
        StringBuilder text = new StringBuilder("*").append(digest.title()).append("*");
        for (Alert alert : digest.alerts()) {
            text.append('\n').append(alert.firing() ? ":red_circle: " : ":large_green_circle: ")
                    .append(AlertText.line(alert));
        }
        return text.toString();
    }
}
