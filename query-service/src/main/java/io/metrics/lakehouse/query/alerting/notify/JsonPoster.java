package io.metrics.lakehouse.query.alerting.notify;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** POSTs JSON with bounded timeouts; any status outside 2xx is a {@link DeliveryException}. */
public class JsonPoster {

    private final HttpClient client;
    private final ObjectMapper json;
    private final Duration timeout;

    public JsonPoster(ObjectMapper json, Duration timeout) {
        this.client = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER).build();
        this.json = json;
        this.timeout = timeout;
    }

    public String post(String url, Object body, Map<String, String> headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url))
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body)));
        headers.forEach(request::header);
        HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() / 100 != 2) {
            String answer = response.body();
            throw new DeliveryException("HTTP " + response.statusCode() + " from " + redact(url) + ": "
                    + (answer.length() > 500 ? answer.substring(0, 500) : answer));
        }
        return response.body();
    }

    /** Webhook URLs carry secrets in their path (Slack): log scheme, host and port only. */
    static String redact(String url) {
        URI uri = URI.create(url);
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort()) + "/...";
    }
}
