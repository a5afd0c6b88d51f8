package io.metrics.lakehouse.service;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/**
 * {@code GET /v1/status}: what this instance is and what it talks to (each service supplies its own
 * status record). Liveness and health live on the admin port.
 */
@Path("/v1/status")
@Produces(MediaType.APPLICATION_JSON)
public class StatusResource {

    private final Object status;

    public StatusResource(Object status) {
        this.status = status;
    }

    @GET
    public Object status() {
        return status;
    }
}
