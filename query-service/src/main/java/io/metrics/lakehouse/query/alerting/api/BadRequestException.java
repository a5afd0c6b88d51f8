package io.metrics.lakehouse.query.alerting.api;

/** A request that fails validation; mapped to 400 with an {@link ApiError} body. */
public class BadRequestException extends RuntimeException {

    private final String field;
    private final Integer position;

    public BadRequestException(String field, String message) {
        this(field, message, null);
    }

    public BadRequestException(String field, String message, Integer position) {
        super(message);
        this.field = field;
        this.position = position;
    }

    public ApiError body() {
        return new ApiError(400, getMessage(), field, position);
    }
}
