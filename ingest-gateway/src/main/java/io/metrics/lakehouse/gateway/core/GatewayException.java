package io.metrics.lakehouse.gateway.core;

import java.util.OptionalLong;

/**
 * A request the gateway answers with an error status and a JSON body
 * ({@code {"code":413,"message":"..."}}), optionally with {@code Retry-After}.
 */
public class GatewayException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int status;
    private final OptionalLong retryAfterSeconds;

    private GatewayException(int status, String message, OptionalLong retryAfterSeconds, Throwable cause) {
        super(message, cause);
        this.status = status;
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public static GatewayException badRequest(String message) {
        return new GatewayException(400, message, OptionalLong.empty(), null);
    }

    public static GatewayException unsupportedMediaType(String message) {
        return new GatewayException(415, message, OptionalLong.empty(), null);
    }

    public static GatewayException tooLarge(String message) {
        return new GatewayException(413, message, OptionalLong.empty(), null);
    }

    /** 503 + Retry-After before the body was read (no in-flight room). */
    public static GatewayException overloaded(String message, long retryAfterSeconds) {
        return new GatewayException(503, message, OptionalLong.of(retryAfterSeconds), null);
    }

    /** 503 + Retry-After: the client should send the same request again later. */
    public static GatewayException unavailable(String message, long retryAfterSeconds, Throwable cause) {
        return new GatewayException(503, message, OptionalLong.of(retryAfterSeconds), cause);
    }

    public int status() {
        return status;
    }

    public OptionalLong retryAfterSeconds() {
        return retryAfterSeconds;
    }
}
