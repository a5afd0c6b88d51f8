package io.metrics.lakehouse.query.api;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.metrics.lakehouse.query.core.QueryResult;
import io.metrics.lakehouse.query.core.TimeExpressions;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /v1/query}; a point is {@code [epochMillis (integer), value]}: the seed's shape, {@code {"metric","resolution","series":[{"tags","points":[[ms,value]]}]}},
 * plus {@code agg} and {@code tiers} (which table served which sub-range, at which step).
 */
@JsonPropertyOrder({"metric", "agg", "resolution", "tiers", "series"})
public record QueryResponse(String metric, String agg, String resolution, List<TierPart> tiers, List<SeriesBody> series) {

    @JsonPropertyOrder({"tier", "start", "end", "resolution"})
    public record TierPart(String tier, String start, String end, String resolution) {
    }

    @JsonPropertyOrder({"tags", "points"})
    public record SeriesBody(Map<String, String> tags, List<Object[]> points) {
    }

    public static QueryResponse of(QueryResult result) {
        return new QueryResponse(result.metric(), result.agg().wireName(), TimeExpressions.format(result.resolution()),
                result.tiers().stream().map(t -> new TierPart(t.tier().wireName(), t.start().toString(), t.end().toString(),
                        TimeExpressions.format(t.step()))).toList(),
                result.series().stream().map(s -> new SeriesBody(new java.util.TreeMap<>(s.tags()),
                        s.points().stream().map(p -> new Object[] {p.ts().toEpochMilli(), p.value()}).toList())).toList());
    }
}
