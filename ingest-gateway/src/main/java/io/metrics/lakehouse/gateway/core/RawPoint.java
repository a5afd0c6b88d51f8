package io.metrics.lakehouse.gateway.core;

import java.util.Map;

/**
 * A point as a protocol adapter decoded it, before validation and normalization: tag keys still as
 * sent, value not yet checked.
 *
 * @param index position in the request (for error reports)
 */
public record RawPoint(int index, long timestampMillis, double value, RawTags tags) {

    public RawPoint(int index, long timestampMillis, double value, Map<String, String> tags) {
        this(index, timestampMillis, value, RawTags.of(tags));
    }
}
