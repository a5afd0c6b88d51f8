package io.metrics.lakehouse.gateway.core;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.metrics.lakehouse.gateway.api.PointError;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.DateTimeException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the body of {@code POST /v1/ingest} ({@code {"metric","type","points":[...]}}) with Jackson's
 * streaming parser, straight into {@link RawPoint}s: no tree of the request is built, which was a
 * fifth of the gateway's CPU per point. A bad point is reported by index (its reason, as
 * {@link PointError}) and the rest of the request still counts; malformed JSON anywhere fails the
 * whole request (Jackson's exception), an unknown field too ({@link UnknownField}).
 *
 * <p>Timestamps: ISO-8601 text with a UTC offset ({@code 2024-01-15T10:00:00Z},
 * {@code 2024-01-15T11:00:00.250+01:00}), or an epoch number. A number whose magnitude is below
 * 10^11 is seconds (fractions allowed), otherwise milliseconds: 10^11 seconds is the year 5138 and
 * 10^11 milliseconds is March 1973, so every timestamp inside the accepted window is unambiguous.
 *
 * <p>A point's {@code "tags"} object is checked while reading (string, number or boolean values)
 * but not decoded: the point keeps the bytes it was sent as ({@link TagBytes}), and only a tag set
 * the gateway has not seen before is decoded into a map, from those bytes, with the same rules.
 */
public final class JsonPoints {

    /** Epoch numbers below this (in magnitude) are seconds, the others milliseconds. */
    public static final double SECONDS_MILLIS_BOUNDARY = 1e11;

    /** The request: metric and type as sent (checked by the caller), decoded points, per-point errors. */
    public record Request(String metric, String type, boolean hasPoints, List<RawPoint> points,
            List<PointError> errors) {
    }

    /** A field the request shape does not have; {@code path} like {@code points[0].valeu}. */
    public static final class UnknownField extends IOException {
        private final String field;
        private final String path;

        UnknownField(String field, String path) {
            super("unknown field " + path);
            this.field = field;
            this.path = path;
        }

        public String field() {
            return field;
        }

        public String path() {
            return path;
        }
    }

    /** A top-level field of the wrong JSON type (the request, not a point, is at fault). */
    public static final class WrongType extends IOException {
        WrongType(String message) {
            super(message);
        }
    }

    private final ObjectMapper mapper;
    private final TagBytes.Format tagFormat;

    /**
     * @param mapper configured to accept NaN/Infinity literals, so that a non-finite value is
     *               reported per point rather than as bad JSON
     */
    public JsonPoints(ObjectMapper mapper) {
        this.mapper = mapper;
        JsonFactory factory = mapper.getFactory();
        this.tagFormat = (bytes, from, to) -> decodeTags(factory, bytes, from, to);
    }

    /** @return null when the body is the JSON literal {@code null} */
    public Request read(byte[] body, int length) throws IOException {
        try (JsonParser parser = mapper.createParser(body, 0, length)) {
            JsonToken first = parser.nextToken();
            if (first == JsonToken.VALUE_NULL) {
                return null;
            }
            if (first != JsonToken.START_OBJECT) {
                throw new WrongType("request body must be a JSON object");
            }
            String metric = null;
            String type = null;
            boolean hasPoints = false;
            List<RawPoint> points = new ArrayList<>();
            List<PointError> errors = new ArrayList<>();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken token = parser.nextToken();
                switch (field) {
                    case "metric" -> metric = scalarText(parser, token, "metric");
                    case "type" -> type = scalarText(parser, token, "type");
                    case "points" -> {
                        if (token == JsonToken.VALUE_NULL) {
                            hasPoints = false;
                        } else if (token != JsonToken.START_ARRAY) {
                            throw new WrongType("points must be an array of {\"timestamp\",\"value\",\"tags\"}");
                        } else {
                            points.clear();
                            errors.clear();
                            hasPoints = readPoints(parser, body, points, errors);
                        }
                    }
                    default -> throw new UnknownField(field, field);
                }
            }
            return new Request(metric, type, hasPoints, points, errors);
        }
    }

    private static String scalarText(JsonParser parser, JsonToken token, String field) throws IOException {
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        if (!token.isScalarValue()) {
            throw new WrongType(field + " must be a string");
        }
        return parser.getText();
    }

    /** @return whether the array had at least one element */
    private boolean readPoints(JsonParser parser, byte[] body, List<RawPoint> points, List<PointError> errors)
            throws IOException {
        int index = 0;
        PointFields fields = new PointFields(tagFormat, body);
        for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken(), index++) {
            if (token != JsonToken.START_OBJECT) {
                parser.skipChildren();
                errors.add(new PointError(index, PointError.INVALID_VALUE, "point must be an object"));
                continue;
            }
            fields.reset();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken value = parser.nextToken();
                switch (field) {
                    case "timestamp" -> fields.timestamp(parser, value);
                    case "value" -> fields.value(parser, value);
                    case "tags" -> fields.tags(parser, value);
                    default -> throw new UnknownField(field, "points[" + index + "]." + field);
                }
            }
            Object decoded = fields.decode(index);
            if (decoded instanceof PointError error) {
                errors.add(error);
            } else {
                points.add((RawPoint) decoded);
            }
        }
        return index > 0;
    }

    /** The tags object at {@code [from, to)} of {@code bytes}, already checked by {@link PointFields#tags}. */
    private static Map<String, String> decodeTags(JsonFactory factory, byte[] bytes, int from, int to) {
        try (JsonParser parser = factory.createParser(bytes, from, to - from)) {
            parser.nextToken();
            Map<String, String> tags = new LinkedHashMap<>();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String key = parser.currentName();
                tags.put(key, PointFields.tagText(parser, parser.nextToken()));
            }
            return tags;
        } catch (IOException e) {
            throw new UncheckedIOException("tags that parsed once did not parse again", e);
        }
    }

    /** One point's fields as read; the checks run once the object is complete, in a fixed order. */
    private static final class PointFields {
        private final TagBytes.Format tagFormat;
        private final byte[] body;
        private JsonToken timestampToken;
        private boolean timestampIsLong;
        private long timestampLong;
        private double timestampNumber;
        private String timestampText;
        private JsonToken valueToken;
        private double value;
        private String valueJson;
        private RawTags tags;
        private String tagsError;

        /** @param body the array the parser reads, from offset 0 (the tags' byte offsets point into it) */
        PointFields(TagBytes.Format tagFormat, byte[] body) {
            this.tagFormat = tagFormat;
            this.body = body;
        }

        void reset() {
            timestampToken = null;
            timestampText = null;
            valueToken = null;
            valueJson = null;
            tags = null;
            tagsError = null;
        }

        void timestamp(JsonParser parser, JsonToken token) throws IOException {
            timestampToken = token;
            timestampText = null;
            // Integers (epoch milliseconds as agents send them) are read as longs: no double, no text.
            timestampIsLong = token == JsonToken.VALUE_NUMBER_INT
                    && parser.getNumberType() != JsonParser.NumberType.BIG_INTEGER;
            if (timestampIsLong) {
                timestampLong = parser.getLongValue();
            } else if (token.isNumeric()) {
                timestampNumber = parser.getDoubleValue();
            } else if (token == JsonToken.VALUE_STRING) {
                timestampText = parser.getText();
            } else {
                timestampText = nodeType(token);
                parser.skipChildren();
            }
        }

        void value(JsonParser parser, JsonToken token) throws IOException {
            valueToken = token;
            if (token.isNumeric()) {
                value = parser.getDoubleValue();
            } else if (token != JsonToken.VALUE_NULL) {
                // Only for the error message: the value as JSON text, e.g. "12" with its quotes.
                JsonNode tree = parser.readValueAsTree();
                valueJson = tree.toString();
            }
        }

        /** Checks the value types; the tags themselves stay bytes until a new tag set needs its map. */
        void tags(JsonParser parser, JsonToken token) throws IOException {
            tags = null;
            tagsError = null;
            if (token == JsonToken.VALUE_NULL) {
                return;
            }
            if (token != JsonToken.START_OBJECT) {
                parser.skipChildren();
                tagsError = "tags must be an object of string values";
                return;
            }
            long from = parser.currentTokenLocation().getByteOffset();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                JsonToken v = parser.nextToken();
                // Numbers and booleans are common tag values (status_code: 200): taken as their text.
                if (!v.isScalarValue() || v == JsonToken.VALUE_NULL) {
                    if (tagsError == null) {
                        tagsError = "tag '" + parser.currentName() + "' must have a string value";
                    }
                    parser.skipChildren();
                }
            }
            long to = parser.currentTokenLocation().getByteOffset() + 1;
            tags = tagsError != null ? null
                    : new TagBytes(tagFormat, body, (int) from, (int) to);
        }

        /** A {@link RawPoint} or the {@link PointError}: timestamp first, then value, then tags. */
        Object decode(int index) {
            long millis;
            if (timestampToken == null || timestampToken == JsonToken.VALUE_NULL) {
                return new PointError(index, PointError.INVALID_TIMESTAMP, "timestamp is required");
            } else if (timestampIsLong) {
                millis = Math.abs(timestampLong) < SECONDS_MILLIS_BOUNDARY ? timestampLong * 1000 : timestampLong;
            } else if (timestampToken.isNumeric()) {
                if (!Double.isFinite(timestampNumber)) {
                    return new PointError(index, PointError.INVALID_TIMESTAMP, "timestamp " + timestampNumber
                            + " is not a finite number");
                }
                millis = Math.round(Math.abs(timestampNumber) < SECONDS_MILLIS_BOUNDARY
                        ? timestampNumber * 1000 : timestampNumber);
            } else if (timestampToken == JsonToken.VALUE_STRING) {
                try {
                    millis = OffsetDateTime.parse(timestampText).toInstant().toEpochMilli();
                } catch (DateTimeException e) {
                    return new PointError(index, PointError.INVALID_TIMESTAMP, "timestamp '" + timestampText
                            + "' is not ISO-8601 with a UTC offset (e.g. 2024-01-15T10:00:00Z)");
                }
            } else {
                return new PointError(index, PointError.INVALID_TIMESTAMP,
                        "timestamp must be ISO-8601 text or epoch seconds/milliseconds, got " + timestampText);
            }
            if (valueToken == null || valueToken == JsonToken.VALUE_NULL) {
                return new PointError(index, PointError.INVALID_VALUE, "value is required");
            }
            if (!valueToken.isNumeric()) {
                return new PointError(index, PointError.INVALID_VALUE, "value must be a number, got " + valueJson);
            }
            if (tagsError != null) {
                return new PointError(index, PointError.INVALID_TAG, tagsError);
            }
            return new RawPoint(index, millis, value, tags == null ? RawTags.of(new LinkedHashMap<>()) : tags);
        }

        /** As the tree model names them (the earlier data binding's message). */
        private static String nodeType(JsonToken token) {
            return switch (token) {
                case START_OBJECT -> "OBJECT";
                case START_ARRAY -> "ARRAY";
                case VALUE_TRUE, VALUE_FALSE -> "BOOLEAN";
                default -> token.name();
            };
        }

        /** A scalar tag value as text, the way the tree model's asText() gave it. */
        static String tagText(JsonParser parser, JsonToken token) throws IOException {
            return switch (token) {
                case VALUE_NUMBER_FLOAT -> String.valueOf(parser.getDoubleValue());
                case VALUE_NUMBER_INT -> parser.getNumberValue().toString();
                default -> parser.getText();
            };
        }
    }
}
