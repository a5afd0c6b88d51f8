package io.metrics.lakehouse.gateway.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.metrics.lakehouse.core.wire.v1.MetricType;
import io.metrics.lakehouse.core.wire.v1.PointBatch;
import io.metrics.lakehouse.core.wire.v1.Sample;
import io.metrics.lakehouse.core.wire.v1.SeriesPoints;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * The hand-written {@code PointBatch} encoding is byte for byte what protobuf's builders produce
 * (proto3 defaults included), and a split keeps every sample once, in order, within the size limit.
 */
class BatchEncoderTest {

    private static final long[] TIMESTAMPS = {0, 1, -1, 127, 128, 1_700_000_000_000L, Long.MAX_VALUE, Long.MIN_VALUE};
    private static final double[] VALUES = {0.0, -0.0, 1.5, -2.25e300, Double.NaN, Double.MIN_VALUE, 42};

    private static List<SeriesGroup> groups(int seriesCount, int samplesEach, long seed) {
        Random random = new Random(seed);
        List<SeriesGroup> groups = new ArrayList<>();
        for (int g = 0; g < seriesCount; g++) {
            TreeMap<String, String> tags = new TreeMap<>();
            tags.put("host", "host-" + g);
            if (g % 3 == 0) {
                tags.put("région", "eu-west-" + g);
            }
            long seriesId = g == 1 ? 0 : random.nextLong();
            SeriesGroup group = new SeriesGroup(new NormalizedSeries(seriesId, tags));
            for (int s = 0; s < samplesEach; s++) {
                group.add(g * samplesEach + s, TIMESTAMPS[(g + s) % TIMESTAMPS.length],
                        s % 5 == 4 ? random.nextGaussian() : VALUES[(g * 3 + s) % VALUES.length]);
            }
            groups.add(group);
        }
        return groups;
    }

    private static PointBatch.Builder withBuilders(List<SeriesGroup> groups) {
        PointBatch.Builder batch = PointBatch.newBuilder().setBatchId("b-1").setMetric("cpu.usage")
                .setMetricType(MetricType.GAUGE).setSource("push-json").setIngestedAtMillis(1_700_000_000_123L);
        for (SeriesGroup group : groups) {
            SeriesPoints.Builder series = SeriesPoints.newBuilder().setSeriesId(group.seriesId()).putAllTags(group.tags());
            for (int s = 0; s < group.size(); s++) {
                series.addSamples(Sample.newBuilder().setTimestampMillis(group.timestampMillis(s)).setValue(group.value(s)));
            }
            batch.addSeries(series);
        }
        return batch;
    }

    @Test
    void encodesExactlyAsTheGeneratedBuilders() {
        List<SeriesGroup> groups = groups(7, 23, 1);
        List<byte[]> records = new BatchEncoder(512 * 1024).points("b-1", "cpu.usage", MetricType.GAUGE, "push-json",
                1_700_000_000_123L, groups);
        assertEquals(1, records.size());
        assertArrayEquals(withBuilders(groups).build().toByteArray(), records.get(0));
    }

    @Test
    void splitsAtSampleBoundariesWithinTheLimit() throws Exception {
        List<SeriesGroup> groups = groups(40, 300, 2);
        List<byte[]> records = new BatchEncoder(4096).points("b-1", "cpu.usage", MetricType.GAUGE, "push-json",
                1_700_000_000_123L, groups);
        assertTrue(records.size() > 10, "split into " + records.size());
        PointBatch whole = withBuilders(groups).build();
        List<Sample> expected = new ArrayList<>();
        whole.getSeriesList().forEach(series -> expected.addAll(series.getSamplesList()));
        List<Sample> actual = new ArrayList<>();
        for (int i = 0; i < records.size(); i++) {
            assertTrue(records.get(i).length <= 4096, "part " + i + " has " + records.get(i).length + " bytes");
            PointBatch part = PointBatch.parseFrom(records.get(i));
            assertEquals("b-1/" + (i + 1) + "-of-" + records.size(), part.getBatchId());
            assertEquals("cpu.usage", part.getMetric());
            for (SeriesPoints series : part.getSeriesList()) {
                SeriesPoints header = whole.getSeriesList().stream()
                        .filter(s -> s.getSeriesId() == series.getSeriesId()).findFirst().orElseThrow();
                assertEquals(header.getTagsMap(), series.getTagsMap());
                actual.addAll(series.getSamplesList());
            }
        }
        assertEquals(expected, actual);
    }
}
