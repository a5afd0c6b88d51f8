package io.metrics.lakehouse.gateway.resources;

import io.dropwizard.jersey.errors.ErrorMessage;
import io.metrics.lakehouse.gateway.core.GatewayException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** {@link GatewayException} as Dropwizard's JSON error body ({@code {"code":..,"message":..}}) + Retry-After. */
@Provider
public class GatewayExceptionMapper implements ExceptionMapper<GatewayException> {

    @Override
    public Response toResponse(GatewayException e) {
        Response.ResponseBuilder response = Response.status(e.status())
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ErrorMessage(e.status(), e.getMessage()));
        e.retryAfterSeconds().ifPresent(seconds -> response.header(HttpHeaders.RETRY_AFTER, seconds));
        return response.build();
    }
}
