package io.metrics.lakehouse.gateway;

import static io.metrics.lakehouse.gateway.IngestResourceTest.sample;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.CodedInputStream;
import io.dropwizard.testing.ConfigOverride;
import io.dropwizard.testing.junit5.DropwizardAppExtension;
import io.dropwizard.testing.junit5.DropwizardExtensionsSupport;
import io.metrics.lakehouse.core.SeriesId;
import io.metrics.lakehouse.core.wire.v1.MetricType;
import io.metrics.lakehouse.core.wire.v1.PointBatch;
import io.metrics.lakehouse.core.wire.v1.SeriesPoints;
import io.metrics.lakehouse.gateway.testing.Post;
import io.metrics.lakehouse.gateway.testing.Topics;
import io.metrics.lakehouse.service.testing.TestHttp;
import io.metrics.lakehouse.local.LocalStackExtension;
import io.metrics.lakehouse.local.StackEndpoints;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporter;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogram;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.Sum;
import io.opentelemetry.proto.metrics.v1.Summary;
import io.opentelemetry.proto.metrics.v1.SummaryDataPoint;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.resources.Resource;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code POST /v1/metrics} (OTLP/HTTP protobuf and JSON) against the real stack: the OpenTelemetry Java SDK
 * with its OTLP/HTTP exporter as the client, plus hand-built requests for what the SDK does not
 * send by default (summaries, delta sums, exponential histograms, "no recorded value").
 */
@ExtendWith({LocalStackExtension.class, DropwizardExtensionsSupport.class})
class OtlpResourceTest {

    static final StackEndpoints STACK = LocalStackExtension.endpoints();

    static final DropwizardAppExtension<IngestGatewayConfiguration> APP = new DropwizardAppExtension<>(
            IngestGatewayApplication.class, "config/local.yml",
            ConfigOverride.randomPorts(),
            ConfigOverride.config("kafka.bootstrapServers", STACK.kafkaBootstrapServers()),
            ConfigOverride.config("database.url", STACK.jdbcUrl(StackEndpoints.CONTROL_PLANE_DATABASE)),
            ConfigOverride.config("database.user", STACK.postgresUser()),
            ConfigOverride.config("database.password", STACK.postgresPassword()),
            ConfigOverride.config("ingest.enrichment.region", "test-region"));

    private final Topics topics = new Topics(STACK.kafkaBootstrapServers());

    static String uniqueName(String suffix) {
        return "otel." + UUID.randomUUID().toString().replace("-", "").substring(0, 10) + "." + suffix;
    }

    static Map<String, String> tags(String... keyValues) {
        Map<String, String> tags = new TreeMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            tags.put(keyValues[i], keyValues[i + 1]);
        }
        return tags;
    }

    static SeriesPoints series(String metric, Map<String, String> tags, long t, double value) {
        return SeriesPoints.newBuilder().setSeriesId(SeriesId.of(metric, tags)).putAllTags(tags)
                .addSamples(sample(t, value)).build();
    }

    /**
     * The first batch of {@code metric}. (The SDK exports at forceFlush and again at shutdown; with
     * cumulative temporality both carry the same values.)
     */
    PointBatch batch(String metric) throws Exception {
        return topics.points(StackEndpoints.POINTS_TOPIC, metric, 1).get(0);
    }

    @Test
    void theOpenTelemetrySdkExportsCountersGaugesAndHistogramsThatArriveExactly() throws Exception {
        String requests = uniqueName("requests");
        String queue = uniqueName("queue.depth");
        String temperature = uniqueName("temperature");
        String latency = uniqueName("latency");
        OtlpHttpMetricExporter exporter = OtlpHttpMetricExporter.builder()
                .setEndpoint("http://127.0.0.1:" + APP.getLocalPort() + "/v1/metrics")
                .build();
        SdkMeterProvider provider = SdkMeterProvider.builder()
                .setResource(Resource.getDefault().merge(Resource.create(Attributes.of(
                        AttributeKey.stringKey("service.name"), "checkout",
                        AttributeKey.stringKey("service.instance.id"), "i-1",
                        AttributeKey.stringKey("process.pid"), "4242"))))
                .registerMetricReader(PeriodicMetricReader.builder(exporter).setInterval(Duration.ofHours(1)).build())
                .build();
        long before = System.currentTimeMillis();
        try {
            Meter meter = provider.get("io.metrics.lakehouse.test");
            Attributes cart = Attributes.of(AttributeKey.stringKey("http.route"), "/cart");
            var counter = meter.counterBuilder(requests).build();
            counter.add(5, cart);
            counter.add(7, cart);
            var upDown = meter.upDownCounterBuilder(queue).ofDoubles().build();
            upDown.add(3.5);
            upDown.add(-1);
            meter.gaugeBuilder(temperature).build().set(21.5, Attributes.of(AttributeKey.stringKey("room"), "lab"));
            var histogram = meter.histogramBuilder(latency).setExplicitBucketBoundariesAdvice(List.of(0.125, 0.5, 1.0))
                    .build();
            for (double value : new double[] {0.0625, 0.375, 0.375, 2}) {
                histogram.record(value, cart);
            }

            CompletableResultCode flushed = provider.forceFlush().join(30, TimeUnit.SECONDS);
            assertTrue(flushed.isSuccess(), "the exporter got a success answer");
        } finally {
            provider.shutdown().join(10, TimeUnit.SECONDS);
        }
        long after = System.currentTimeMillis();

        Map<String, String> resource = tags("service", "checkout", "instance", "i-1", "region", "test-region");
        PointBatch counterBatch = batch(requests);
        assertEquals(MetricType.COUNTER, counterBatch.getMetricType());
        assertEquals("otlp", counterBatch.getSource());
        assertTrue(counterBatch.getBatchId().matches("otlp-[0-9a-f]{32}/" + requests), counterBatch.getBatchId());
        long t = counterBatch.getSeries(0).getSamples(0).getTimestampMillis();
        assertTrue(t >= before && t <= after, t + " in [" + before + ", " + after + "]");
        Map<String, String> cartTags = new TreeMap<>(resource);
        cartTags.put("http.route", "/cart");
        assertEquals(List.of(series(requests, cartTags, t, 12)), counterBatch.getSeriesList());

        PointBatch queueBatch = batch(queue);
        assertEquals(MetricType.GAUGE, queueBatch.getMetricType());
        assertEquals(List.of(series(queue, resource, t, 2.5)), queueBatch.getSeriesList());

        PointBatch gaugeBatch = batch(temperature);
        assertEquals(MetricType.GAUGE, gaugeBatch.getMetricType());
        Map<String, String> lab = new TreeMap<>(resource);
        lab.put("room", "lab");
        assertEquals(List.of(series(temperature, lab, t, 21.5)), gaugeBatch.getSeriesList());

        assertEquals(List.of(series(latency + "_count", cartTags, t, 4)), batch(latency + "_count").getSeriesList());
        assertEquals(MetricType.COUNTER, batch(latency + "_count").getMetricType());
        assertEquals(List.of(series(latency + "_sum", cartTags, t, 2.8125)), batch(latency + "_sum").getSeriesList());
        PointBatch buckets = batch(latency + "_bucket");
        assertEquals(MetricType.COUNTER, buckets.getMetricType());
        List<SeriesPoints> expected = new java.util.ArrayList<>();
        String[] le = {"0.125", "0.5", "1", "+Inf"};
        double[] cumulative = {1, 3, 3, 4};
        for (int i = 0; i < le.length; i++) {
            Map<String, String> bucket = new TreeMap<>(cartTags);
            bucket.put("le", le[i]);
            expected.add(series(latency + "_bucket", bucket, t, cumulative[i]));
        }
        assertEquals(expected, buckets.getSeriesList());
    }

    // ---- hand-built requests: what the SDK does not send by default ----

    static KeyValue attribute(String key, String value) {
        return KeyValue.newBuilder().setKey(key).setValue(AnyValue.newBuilder().setStringValue(value)).build();
    }

    static ExportMetricsServiceRequest request(Metric... metrics) {
        return ExportMetricsServiceRequest.newBuilder().addResourceMetrics(ResourceMetrics.newBuilder()
                .setResource(io.opentelemetry.proto.resource.v1.Resource.newBuilder()
                        .addAttributes(attribute("service.name", "billing"))
                        .addAttributes(attribute("telemetry.sdk.language", "go")))
                .addScopeMetrics(ScopeMetrics.newBuilder()
                        .setScope(io.opentelemetry.proto.common.v1.InstrumentationScope.newBuilder().setName("s")
                                .addAttributes(attribute("team", "payments")))
                        .addAllMetrics(List.of(metrics))))
                .build();
    }

    static HttpResponse<byte[]> export(ExportMetricsServiceRequest request) throws Exception {
        return Post.raw(APP.getLocalPort(), "/v1/metrics", request.toByteArray(),
                "Content-Type", "application/x-protobuf");
    }

    static long nanos(long millis) {
        return millis * 1_000_000;
    }

    @Test
    void summariesMapToCountSumAndQuantileSeriesAndNoRecordedValueIsDroppedSilently() throws Exception {
        String name = uniqueName("rpc.duration");
        long t = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(5).toEpochMilli();
        Metric summary = Metric.newBuilder().setName(name).setSummary(Summary.newBuilder()
                .addDataPoints(SummaryDataPoint.newBuilder().setTimeUnixNano(nanos(t)).setCount(10).setSum(4.5)
                        .addAttributes(attribute("method", "Pay"))
                        .addQuantileValues(SummaryDataPoint.ValueAtQuantile.newBuilder().setQuantile(0.5).setValue(0.25))
                        .addQuantileValues(SummaryDataPoint.ValueAtQuantile.newBuilder().setQuantile(0.99).setValue(1.5)))
                .addDataPoints(SummaryDataPoint.newBuilder().setTimeUnixNano(nanos(t + 1000)).setFlags(1)))
                .build();

        HttpResponse<byte[]> response = export(request(summary));

        assertEquals(200, response.statusCode());
        assertEquals("application/x-protobuf", response.headers().firstValue("Content-Type").orElse(""));
        assertEquals(ExportMetricsServiceResponse.getDefaultInstance(), ExportMetricsServiceResponse.parseFrom(
                response.body()));
        Map<String, String> base = tags("service", "billing", "team", "payments", "method", "Pay",
                "region", "test-region");
        assertEquals(List.of(series(name + "_count", base, t, 10)), batch(name + "_count").getSeriesList());
        assertEquals(List.of(series(name + "_sum", base, t, 4.5)), batch(name + "_sum").getSeriesList());
        PointBatch quantiles = batch(name);
        assertEquals(MetricType.GAUGE, quantiles.getMetricType());
        Map<String, String> q50 = new TreeMap<>(base);
        q50.put("quantile", "0.5");
        Map<String, String> q99 = new TreeMap<>(base);
        q99.put("quantile", "0.99");
        assertEquals(List.of(series(name, q50, t, 0.25), series(name, q99, t, 1.5)), quantiles.getSeriesList());
    }

    @Test
    void rejectedDataPointsAreAPartialSuccessWithTheirCountAndReasons() throws Exception {
        String good = uniqueName("good");
        String delta = uniqueName("delta");
        String expo = uniqueName("expo");
        long t = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(5).toEpochMilli();
        Metric gauge = Metric.newBuilder().setName(good).setGauge(Gauge.newBuilder()
                .addDataPoints(NumberDataPoint.newBuilder().setTimeUnixNano(nanos(t)).setAsInt(42))
                .addDataPoints(NumberDataPoint.newBuilder().setTimeUnixNano(nanos(t)).setAsDouble(Double.NaN)
                        .addAttributes(attribute("k", "v"))))
                .build();
        Metric deltaSum = Metric.newBuilder().setName(delta).setSum(Sum.newBuilder().setIsMonotonic(true)
                .setAggregationTemporality(AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA)
                .addDataPoints(NumberDataPoint.newBuilder().setTimeUnixNano(nanos(t)).setAsInt(1)))
                .build();
        Metric exponential = Metric.newBuilder().setName(expo).setExponentialHistogram(ExponentialHistogram
                .newBuilder().addDataPoints(ExponentialHistogramDataPoint.newBuilder().setTimeUnixNano(nanos(t))))
                .build();

        HttpResponse<byte[]> response = export(request(gauge, deltaSum, exponential));

        assertEquals(200, response.statusCode());
        ExportMetricsServiceResponse answer = ExportMetricsServiceResponse.parseFrom(response.body());
        assertEquals(3, answer.getPartialSuccess().getRejectedDataPoints());
        assertEquals("3 data point(s) rejected (3 of the series points they map to); "
                + "data point 1: invalid_value: value must be a finite number, got NaN; "
                + "data point 2: unsupported: sum " + delta + " has delta temporality; only cumulative is supported; "
                + "data point 3: unsupported: exponential histogram " + expo + " is not supported; use explicit "
                + "bucket histograms", answer.getPartialSuccess().getErrorMessage());
        assertEquals(List.of(series(good, tags("service", "billing", "team", "payments", "region", "test-region"),
                t, 42)), batch(good).getSeriesList());
        assertEquals(0, topics.count(StackEndpoints.POINTS_TOPIC, delta));
    }

    @Test
    void anUndecodableBodyIs400WithAGoogleRpcStatus() throws Exception {
        HttpResponse<byte[]> response = Post.raw(APP.getLocalPort(), "/v1/metrics", new byte[] {0x0a, (byte) 0xff},
                "Content-Type", "application/x-protobuf");

        assertEquals(400, response.statusCode());
        assertEquals("application/x-protobuf", response.headers().firstValue("Content-Type").orElse(""));
        CodedInputStream status = CodedInputStream.newInstance(response.body());
        assertEquals((1 << 3), status.readTag());
        assertEquals(3, status.readInt32()); // INVALID_ARGUMENT
        assertEquals((2 << 3) | 2, status.readTag());
        assertTrue(status.readString().startsWith("the body is not a protobuf ExportMetricsServiceRequest: "));
    }

    @Test
    void otlpJsonArrivesExactlyAndIsAnsweredInJson() throws Exception {
        String gauge = uniqueName("queue.depth");
        String counter = uniqueName("requests");
        String delta = uniqueName("delta");
        long t = Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(5).toEpochMilli();
        // As the OTLP spec's JSON encoding has it: lowerCamelCase keys, 64-bit integers as decimal
        // strings, enums as integers (2 = cumulative, 1 = delta); unknown fields must be ignored and
        // an int64 sent as a plain number is accepted as well.
        String body = """
                {"resourceMetrics": [{
                  "resource": {"attributes": [
                    {"key": "service.name", "value": {"stringValue": "billing"}},
                    {"key": "host.name", "value": {"stringValue": "web-7"}}]},
                  "scopeMetrics": [{
                    "scope": {"name": "s", "attributes": [{"key": "team", "value": {"stringValue": "payments"}}]},
                    "metrics": [
                      {"name": "%1$s", "unit": "1", "gauge": {"dataPoints": [
                        {"timeUnixNano": "%4$d", "asDouble": 12.25,
                         "attributes": [{"key": "queue", "value": {"stringValue": "emails"}}]}]}},
                      {"name": "%2$s", "futureField": {"x": 1}, "sum": {"aggregationTemporality": 2, "isMonotonic": true,
                        "dataPoints": [
                          {"startTimeUnixNano": "%4$d", "timeUnixNano": %4$d, "asInt": "9007199254740993",
                           "attributes": [{"key": "code", "value": {"intValue": "200"}}]}]}},
                      {"name": "%3$s", "sum": {"aggregationTemporality": 1, "isMonotonic": true,
                        "dataPoints": [{"timeUnixNano": "%4$d", "asInt": "1"}]}}]}]}]}
                """.formatted(gauge, counter, delta, nanos(t));

        HttpResponse<byte[]> response = Post.raw(APP.getLocalPort(), "/v1/metrics",
                body.getBytes(StandardCharsets.UTF_8), "Content-Type", "application/json");

        assertEquals(200, response.statusCode(), new String(response.body(), StandardCharsets.UTF_8));
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElse(""));
        assertEquals(TestHttp.JSON.readTree("""
                {"partialSuccess": {"rejectedDataPoints": "1", "errorMessage": "1 data point(s) rejected (1 of the \
                series points they map to); data point 2: unsupported: sum %s has delta temporality; only cumulative \
                is supported"}}""".formatted(delta)), TestHttp.JSON.readTree(response.body()));
        Map<String, String> base = tags("service", "billing", "host", "web-7", "team", "payments",
                "region", "test-region");
        Map<String, String> gaugeTags = new TreeMap<>(base);
        gaugeTags.put("queue", "emails");
        PointBatch gaugeBatch = batch(gauge);
        assertEquals(MetricType.GAUGE, gaugeBatch.getMetricType());
        assertEquals(List.of(series(gauge, gaugeTags, t, 12.25)), gaugeBatch.getSeriesList());
        Map<String, String> counterTags = new TreeMap<>(base);
        counterTags.put("code", "200");
        PointBatch counterBatch = batch(counter);
        assertEquals(MetricType.COUNTER, counterBatch.getMetricType());
        assertEquals(List.of(series(counter, counterTags, t, 9007199254740993d)), counterBatch.getSeriesList());
        assertEquals(0, topics.count(StackEndpoints.POINTS_TOPIC, delta));
    }

    @Test
    void malformedOtlpJsonIs400WithAJsonStatus() throws Exception {
        HttpResponse<byte[]> response = Post.raw(APP.getLocalPort(), "/v1/metrics",
                "{\"resourceMetrics\": [{\"scopeMetrics\": 7}]}".getBytes(StandardCharsets.UTF_8),
                "Content-Type", "application/json");

        assertEquals(400, response.statusCode());
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElse(""));
        var status = TestHttp.JSON.readTree(response.body());
        assertEquals(3, status.get("code").asInt()); // INVALID_ARGUMENT
        assertTrue(status.get("message").asText().startsWith(
                "the body is not an OTLP JSON ExportMetricsServiceRequest: "), status.toString());
    }

    @Test
    void anotherContentTypeIs415() throws Exception {
        HttpResponse<byte[]> response = Post.raw(APP.getLocalPort(), "/v1/metrics",
                "{}".getBytes(StandardCharsets.UTF_8), "Content-Type", "text/plain");

        assertEquals(415, response.statusCode());
        CodedInputStream status = CodedInputStream.newInstance(response.body());
        status.readTag();
        assertEquals(3, status.readInt32());
        status.readTag();
        assertEquals("Content-Type 'text/plain' is not supported; send OTLP/HTTP as binary protobuf "
                + "(application/x-protobuf) or JSON (application/json)", status.readString());
    }
}
