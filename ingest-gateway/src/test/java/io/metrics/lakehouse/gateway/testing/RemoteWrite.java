package io.metrics.lakehouse.gateway.testing;

import io.metrics.lakehouse.gateway.prompb.Remote.WriteRequest;
import io.metrics.lakehouse.gateway.prompb.Types.Label;
import io.metrics.lakehouse.gateway.prompb.Types.Sample;
import io.metrics.lakehouse.gateway.prompb.Types.TimeSeries;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.util.Map;
import java.util.TreeMap;
import org.xerial.snappy.Snappy;

/**
 * Builds and sends remote_write 1.0 requests the way Prometheus' queue manager does
 * (storage/remote/codec.go + client.go): labels sorted by name ({@code __name__} first), the
 * marshalled WriteRequest snappy block-compressed, and the headers Prometheus 2.x sets.
 */
public final class RemoteWrite {

    private RemoteWrite() {
    }

    /** A series: its labels (including __name__) and samples (timestamp millis, value) in pairs. */
    public static TimeSeries series(Map<String, String> labels, Object... timestampValuePairs) {
        TimeSeries.Builder series = TimeSeries.newBuilder();
        new TreeMap<>(labels).forEach((name, value) ->
                series.addLabels(Label.newBuilder().setName(name).setValue(value)));
        for (int i = 0; i < timestampValuePairs.length; i += 2) {
            series.addSamples(Sample.newBuilder()
                    .setTimestamp(((Number) timestampValuePairs[i]).longValue())
                    .setValue(((Number) timestampValuePairs[i + 1]).doubleValue()));
        }
        return series.build();
    }

    public static byte[] encode(WriteRequest request) throws IOException {
        return Snappy.compress(request.toByteArray());
    }

    public static HttpResponse<String> send(int port, WriteRequest request) throws Exception {
        return post(port, encode(request));
    }

    /** POSTs a body with exactly Prometheus 2.42's remote_write headers. */
    public static HttpResponse<String> post(int port, byte[] body, String... extraHeaders) throws Exception {
        String[] headers = new String[8 + extraHeaders.length];
        String[] prometheus = {
            "Content-Encoding", "snappy",
            "Content-Type", "application/x-protobuf",
            "User-Agent", "Prometheus/2.42.0",
            "X-Prometheus-Remote-Write-Version", "0.1.0"};
        System.arraycopy(prometheus, 0, headers, 0, 8);
        System.arraycopy(extraHeaders, 0, headers, 8, extraHeaders.length);
        return Post.bytes(port, "/api/v1/write", body, headers);
    }
}
