package io.metrics.lakehouse.service.auth;

import io.dropwizard.auth.UnauthorizedHandler;
import io.dropwizard.jersey.errors.ErrorMessage;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** 401 as the services' usual JSON error body ({"code":401,"message":...}) plus the challenge header. */
final class JsonUnauthorizedHandler implements UnauthorizedHandler {

    @Override
    public Response buildResponse(String prefix, String realm) {
        return Response.status(Response.Status.UNAUTHORIZED)
                .header(HttpHeaders.WWW_AUTHENTICATE, prefix + " realm=\"" + realm + "\"")
                .type(MediaType.APPLICATION_JSON_TYPE)
                .entity(new ErrorMessage(401, "a valid bearer token is required (Authorization: Bearer <token>)"))
                .build();
    }
}
