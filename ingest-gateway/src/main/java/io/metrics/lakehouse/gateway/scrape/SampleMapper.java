package io.metrics.lakehouse.gateway.scrape;

import io.metrics.lakehouse.core.MetricType;
import io.metrics.lakehouse.gateway.core.BatchIds;
import io.metrics.lakehouse.gateway.core.MetricWrite;
import io.metrics.lakehouse.gateway.core.RawPoint;
import io.metrics.lakehouse.gateway.core.RemoteWriteDecoder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns the samples of one scrape into the shared pipeline's input: one {@link MetricWrite} per sample
 * name, with the target's labels added. Types follow the exposition's {@code # TYPE} lines, mapped as
 * the other protocols map them (see README): counter samples, and the {@code _count}, {@code _sum} and
 * {@code _bucket} of histograms and summaries are counters; gauges, summary quantiles, gauge
 * histograms, info and stateset samples are gauges; {@code _created} samples (a series' start time, not
 * a measurement) are dropped; untyped samples follow the naming convention of remote_write.
 */
public final class SampleMapper {

    /** A scrape mapped: the writes and how many samples were dropped (and why). */
    public record Mapped(List<MetricWrite> writes, int createdDropped, int nonFiniteDropped) {
    }

    private SampleMapper() {
    }

    public static Mapped map(List<ScrapedSample> samples, ScrapeTarget target, long scrapeMillis) {
        Map<String, List<RawPoint>> points = new LinkedHashMap<>();
        Map<String, MetricType> types = new HashMap<>();
        int created = 0;
        int nonFinite = 0;
        int index = 0;
        for (ScrapedSample sample : samples) {
            if (sample.suffix().equals("_created")) {
                created++;
                continue;
            }
            // NaN marks "no observation yet" (an empty summary) and is not a measurement; the
            // pipeline would reject it as invalid, which would make every scrape of such a target look bad.
            if (!Double.isFinite(sample.value())) {
                nonFinite++;
                continue;
            }
            long ts = sample.timestampMillis() == null ? scrapeMillis : sample.timestampMillis();
            points.computeIfAbsent(sample.name(), n -> new ArrayList<>())
                    .add(new RawPoint(index++, ts, sample.value(), withTargetLabels(sample.labels(), target)));
            types.putIfAbsent(sample.name(), typeOf(sample));
        }
        String base = "scrape-" + target.labels().get(ScrapeTarget.JOB) + "-"
                + target.labels().get(ScrapeTarget.INSTANCE) + "-" + scrapeMillis;
        List<MetricWrite> writes = new ArrayList<>();
        points.forEach((metric, list) -> writes.add(new MetricWrite(metric, types.get(metric), list, List.of(),
                BatchIds.perMetric(base, metric))));
        return new Mapped(writes, created, nonFinite);
    }

    /** The synthetic series of a scrape ({@code up}, duration, sample count), as Prometheus records them. */
    public static MetricWrite synthetic(String metric, double value, ScrapeTarget target, long scrapeMillis) {
        RawPoint point = new RawPoint(0, scrapeMillis, value, new LinkedHashMap<>(target.labels()));
        String base = "scrape-" + target.labels().get(ScrapeTarget.JOB) + "-"
                + target.labels().get(ScrapeTarget.INSTANCE) + "-" + scrapeMillis;
        return new MetricWrite(metric, MetricType.GAUGE, List.of(point), List.of(), BatchIds.perMetric(base, metric));
    }

    static MetricType typeOf(ScrapedSample sample) {
        String suffix = sample.suffix();
        return switch (sample.familyType()) {
            case "counter" -> MetricType.COUNTER;
            case "gauge", "info", "stateset", "gaugehistogram" -> MetricType.GAUGE;
            case "histogram" -> MetricType.COUNTER; // _bucket, _count, _sum are all cumulative
            case "summary" -> suffix.equals("_count") || suffix.equals("_sum") ? MetricType.COUNTER : MetricType.GAUGE;
            default -> RemoteWriteDecoder.typeOf(sample.name());
        };
    }

    private static Map<String, String> withTargetLabels(Map<String, String> labels, ScrapeTarget target) {
        Map<String, String> tags = new LinkedHashMap<>();
        labels.forEach((key, value) -> tags.put(target.labels().containsKey(key) ? "exported_" + key : key, value));
        tags.putAll(target.labels());
        return tags;
    }
}
