package io.metrics.lakehouse.gateway.core;

import java.util.SortedMap;

/** A valid point: normalized and enriched tags (sorted), its series id, a finite value. */
public record NormalizedPoint(int index, long seriesId, SortedMap<String, String> tags, long timestampMillis,
        double value) {
}
