package io.metrics.lakehouse.gateway.api;

/**
 * Why one point of a request was rejected.
 *
 * @param index   position of the point in the request's {@code points} array (0-based)
 * @param reason  machine-readable: {@code invalid_timestamp}, {@code timestamp_out_of_window},
 *                {@code invalid_value}, {@code invalid_tag}, {@code tag_not_allowed},
 *                {@code too_many_tags}, {@code tag_too_long}, {@code cardinality_limit};
 *                remote_write and OTLP add {@code invalid_metric} (missing or malformed metric name)
 *                and {@code unsupported} (a kind of data the gateway does not map, e.g. native
 *                histograms)
 * @param message human-readable, naming the offending tag, value or timestamp
 */
public record PointError(int index, String reason, String message) {

    public static final String INVALID_TIMESTAMP = "invalid_timestamp";
    public static final String TIMESTAMP_OUT_OF_WINDOW = "timestamp_out_of_window";
    public static final String INVALID_VALUE = "invalid_value";
    public static final String INVALID_TAG = "invalid_tag";
    public static final String TAG_NOT_ALLOWED = "tag_not_allowed";
    public static final String TOO_MANY_TAGS = "too_many_tags";
    public static final String TAG_TOO_LONG = "tag_too_long";
    public static final String CARDINALITY_LIMIT = "cardinality_limit";
    public static final String INVALID_METRIC = "invalid_metric";
    public static final String UNSUPPORTED = "unsupported";
}
