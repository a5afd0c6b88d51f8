package io.metrics.lakehouse.query.alerting.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The JSON body of a rejected request: Dropwizard's {@code code} and {@code message}, plus where. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiError(int code, String message, String field, Integer position) {}
