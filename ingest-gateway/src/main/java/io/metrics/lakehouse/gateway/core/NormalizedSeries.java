package io.metrics.lakehouse.gateway.core;

import io.metrics.lakehouse.core.wire.v1.SeriesPoints;
import java.util.SortedMap;

/**
 * A valid series: its id, its normalized and enriched tags (sorted, never modified), and the
 * {@code SeriesPoints} fields that do not change from one request to the next (series id and tags)
 * already encoded, so that writing a batch copies them instead of encoding a tag map per request.
 * Shared by every point of the series through {@link PointNormalizer}'s cache.
 */
public final class NormalizedSeries {

    private final long seriesId;
    private final SortedMap<String, String> tags;
    private final byte[] encodedHeader;

    NormalizedSeries(long seriesId, SortedMap<String, String> tags) {
        this.seriesId = seriesId;
        this.tags = tags;
        this.encodedHeader = SeriesPoints.newBuilder().setSeriesId(seriesId).putAllTags(tags).build().toByteArray();
    }

    public long seriesId() {
        return seriesId;
    }

    public SortedMap<String, String> tags() {
        return tags;
    }

    /** Fields 1 and 2 of {@code SeriesPoints} as protobuf writes them; do not modify. */
    byte[] encodedHeader() {
        return encodedHeader;
    }
}
