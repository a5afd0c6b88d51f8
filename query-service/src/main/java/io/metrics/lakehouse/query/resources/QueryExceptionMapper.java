package io.metrics.lakehouse.query.resources;

import io.metrics.lakehouse.query.api.ApiError;
import io.metrics.lakehouse.query.core.QueryException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;

/** A refused query as JSON with its status (and Retry-After on 429/503); never a stack trace. */
public class QueryExceptionMapper implements ExceptionMapper<QueryException> {

    @Override
    public Response toResponse(QueryException e) {
        Response.ResponseBuilder response = Response.status(e.status())
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ApiError(e.status(), e.getMessage(), e.parameter().orElse(null)));
        e.retryAfterSeconds().ifPresent(seconds -> response.header(HttpHeaders.RETRY_AFTER, seconds));
        return response.build();
    }
}
