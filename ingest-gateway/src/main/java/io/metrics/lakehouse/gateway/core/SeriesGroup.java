package io.metrics.lakehouse.gateway.core;

import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;

/** The points of one series within one request, in request order. */
public record SeriesGroup(long seriesId, SortedMap<String, String> tags, List<NormalizedPoint> points) {

    public SeriesGroup(long seriesId, SortedMap<String, String> tags) {
        this(seriesId, tags, new ArrayList<>());
    }
}
