package io.metrics.lakehouse.gateway.core;

import com.fasterxml.jackson.databind.JsonNode;
import io.metrics.lakehouse.gateway.api.IngestRequest;
import io.metrics.lakehouse.gateway.api.PointError;
import java.time.DateTimeException;
import java.time.OffsetDateTime;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Decodes one JSON point of {@code POST /v1/ingest} into a {@link RawPoint}, or the reason it cannot.
 *
 * <p>Timestamps: ISO-8601 text with a UTC offset ({@code 2024-01-15T10:00:00Z},
 * {@code 2024-01-15T11:00:00.250+01:00}), or an epoch number. A number whose magnitude is below
 * 10^11 is seconds (fractions allowed), otherwise milliseconds: 10^11 seconds is the year 5138 and
 * 10^11 milliseconds is March 1973, so every timestamp inside the accepted window is unambiguous.
 */
public final class JsonPoints {

    /** Epoch numbers below this (in magnitude) are seconds, the others milliseconds. */
    public static final double SECONDS_MILLIS_BOUNDARY = 1e11;

    /** Either a decoded point or the reason it could not be decoded. */
    public record Decoded(RawPoint point, PointError error) {
    }

    private JsonPoints() {
    }

    public static Decoded decode(int index, IngestRequest.Point point) {
        if (point == null) {
            return error(index, PointError.INVALID_VALUE, "point must be an object");
        }
        JsonNode ts = point.timestamp();
        long millis;
        if (ts == null || ts.isNull() || ts.isMissingNode()) {
            return error(index, PointError.INVALID_TIMESTAMP, "timestamp is required");
        } else if (ts.isNumber()) {
            double number = ts.doubleValue();
            if (!Double.isFinite(number)) {
                return error(index, PointError.INVALID_TIMESTAMP, "timestamp " + ts + " is not a finite number");
            }
            millis = Math.round(Math.abs(number) < SECONDS_MILLIS_BOUNDARY ? number * 1000 : number);
        } else if (ts.isTextual()) {
            try {
                millis = OffsetDateTime.parse(ts.textValue()).toInstant().toEpochMilli();
            } catch (DateTimeException e) {
                return error(index, PointError.INVALID_TIMESTAMP, "timestamp '" + ts.textValue()
                        + "' is not ISO-8601 with a UTC offset (e.g. 2024-01-15T10:00:00Z)");
            }
        } else {
            return error(index, PointError.INVALID_TIMESTAMP,
                    "timestamp must be ISO-8601 text or epoch seconds/milliseconds, got " + ts.getNodeType());
        }

        JsonNode value = point.value();
        if (value == null || value.isNull() || value.isMissingNode()) {
            return error(index, PointError.INVALID_VALUE, "value is required");
        }
        if (!value.isNumber()) {
            return error(index, PointError.INVALID_VALUE, "value must be a number, got " + value);
        }

        Map<String, String> tags = new LinkedHashMap<>();
        JsonNode tagNode = point.tags();
        if (tagNode != null && !tagNode.isNull() && !tagNode.isMissingNode()) {
            if (!tagNode.isObject()) {
                return error(index, PointError.INVALID_TAG, "tags must be an object of string values");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = tagNode.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> tag = it.next();
                JsonNode v = tag.getValue();
                // Numbers and booleans are common tag values (status_code: 200): taken as their text.
                if (!v.isValueNode() || v.isNull()) {
                    return error(index, PointError.INVALID_TAG, "tag '" + tag.getKey() + "' must have a string value");
                }
                tags.put(tag.getKey(), v.asText());
            }
        }
        return new Decoded(new RawPoint(index, millis, value.doubleValue(), tags), null);
    }

    private static Decoded error(int index, String reason, String message) {
        return new Decoded(null, new PointError(index, reason, message));
    }
}
