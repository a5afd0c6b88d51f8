package io.metrics.lakehouse.speed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.metrics.lakehouse.core.SeriesId;
import io.metrics.lakehouse.core.wire.v1.MetricType;
import io.metrics.lakehouse.core.wire.v1.PointBatch;
import io.metrics.lakehouse.core.wire.v1.Sample;
import io.metrics.lakehouse.core.wire.v1.SeriesPoints;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

class PointDecoderTest {

    private static final String TOPIC = "metrics.points.v1";

    @Test
    void oneRowPerSampleWithTheSharedSeriesId() {
        PointBatch batch = PointBatch.newBuilder()
                .setBatchId("b-1").setMetric("api.latency").setMetricType(MetricType.GAUGE).setSource("push-json")
                .setIngestedAtMillis(5_000)
                .addSeries(SeriesPoints.newBuilder().setSeriesId(42).putTags("host", "web-01").putTags("az", "a")
                        .addSamples(Sample.newBuilder().setTimestampMillis(1_000).setValue(1.5))
                        .addSamples(Sample.newBuilder().setTimestampMillis(2_000).setValue(2.5)))
                .build();
        List<Row> rows = PointDecoder.decode(bytes("api.latency"), batch.toByteArray(), TOPIC, 3, 77);
        assertEquals(2, rows.size());
        Row first = rows.get(0);
        assertEquals("api.latency", first.getString(0));
        assertEquals("gauge", first.getString(1));
        // Computed by SeriesId from metric + tags, not taken from the record (42).
        assertEquals(SeriesId.of("api.latency", Map.of("host", "web-01", "az", "a")), first.getLong(2));
        assertEquals(new Timestamp(1_000), first.get(4));
        assertEquals(1.5, first.getDouble(5));
        assertEquals(new Timestamp(5_000), first.get(6));
        assertEquals("push-json", first.getString(7));
        assertEquals("b-1", first.getString(8));
        assertEquals(3, first.getInt(9));
        assertEquals(77L, first.getLong(10));
        assertEquals(0, first.getInt(11));
        assertNull(first.get(12));
        assertEquals(1, rows.get(1).getInt(11));
    }

    @Test
    void undecodableBytesBecomeOneRejectedRow() {
        List<Row> rows = PointDecoder.decode(bytes("m"), new byte[] {(byte) 0xff, (byte) 0xff, 0x01}, TOPIC, 0, 9);
        assertEquals(1, rows.size());
        assertEquals(PointDecoder.UNDECODABLE, rows.get(0).getString(12));
        assertTrue(rows.get(0).getString(13).startsWith("metrics.points.v1-0@9: "), rows.get(0).getString(13));
        assertEquals("m", rows.get(0).getString(0));
    }

    @Test
    void nonFiniteSamplesAreSkippedAndReported() {
        PointBatch batch = PointBatch.newBuilder().setBatchId("b-2").setMetric("m")
                .addSeries(SeriesPoints.newBuilder()
                        .addSamples(Sample.newBuilder().setTimestampMillis(1).setValue(Double.NaN))
                        .addSamples(Sample.newBuilder().setTimestampMillis(2).setValue(7.0)))
                .build();
        List<Row> rows = PointDecoder.decode(null, batch.toByteArray(), TOPIC, 0, 1);
        assertEquals(2, rows.size());
        assertEquals(7.0, rows.get(0).getDouble(5));
        assertNull(rows.get(0).get(1), "unspecified metric type is null");
        assertEquals(PointDecoder.INVALID_VALUE, rows.get(1).getString(12));
    }

    @Test
    void aBatchWithoutMetricIsRejected() {
        PointBatch batch = PointBatch.newBuilder().setBatchId("b-3").build();
        List<Row> rows = PointDecoder.decode(null, batch.toByteArray(), TOPIC, 0, 1);
        assertEquals(1, rows.size());
        assertEquals(PointDecoder.INVALID_BATCH, rows.get(0).getString(12));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
