package io.metrics.lakehouse.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class SeriesIdTest {

    @Test
    void isIndependentOfTagOrder() {
        Map<String, String> a = new LinkedHashMap<>();
        a.put("region", "us-east-1");
        a.put("host", "web-01");
        Map<String, String> b = new LinkedHashMap<>();
        b.put("host", "web-01");
        b.put("region", "us-east-1");
        assertEquals(SeriesId.of("api.latency", a), SeriesId.of("api.latency", b));
        assertEquals(SeriesId.of("api.latency", a), SeriesId.of("api.latency", new TreeMap<>(b)));
    }

    @Test
    void separatesStringsThatWouldCollideWhenConcatenated() {
        assertNotEquals(SeriesId.of("m", Map.of("a", "bc")), SeriesId.of("m", Map.of("ab", "c")));
        assertNotEquals(SeriesId.of("ma", Map.of("b", "c")), SeriesId.of("m", Map.of("ab", "c")));
        assertNotEquals(SeriesId.of("m", Map.of()), SeriesId.of("m", Map.of("", "")));
    }

    @Test
    void isStableAcrossReleases() {
        // Stored in every table: a change here would split every series in two. These values are
        // the contract; update them only with a migration of the stored ids.
        assertEquals(STABLE_EMPTY, SeriesId.of("cpu", Map.of()));
        assertEquals(STABLE_TAGGED, SeriesId.of("api.latency.p99", Map.of("host", "web-01", "region", "us-east-1")));
    }

    private static final long STABLE_EMPTY = -5543722799608589959L;
    private static final long STABLE_TAGGED = -5656636718868344068L;
}
