package io.metrics.lakehouse.query.alerting.api;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;

public class BadRequestMapper implements ExceptionMapper<BadRequestException> {

    @Override
    public Response toResponse(BadRequestException exception) {
        return Response.status(400).type(MediaType.APPLICATION_JSON_TYPE).entity(exception.body()).build();
    }
}
