package io.metrics.lakehouse.query.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/** Error body of the API: {@code {"code":400,"message":"...","parameter":"step"}} (parameter when one is to blame). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiError(int code, String message, String parameter) {
}
