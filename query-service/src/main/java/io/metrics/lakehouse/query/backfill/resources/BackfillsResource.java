package io.metrics.lakehouse.query.backfill.resources;

import com.fasterxml.jackson.databind.JsonNode;
import io.dropwizard.auth.Auth;
import io.metrics.lakehouse.query.backfill.api.BackfillView;
import io.metrics.lakehouse.query.backfill.core.BackfillService;
import io.metrics.lakehouse.service.auth.TokenPrincipal;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;

/** {@code /v1/backfills}: request a backfill (202), read one with its progress, list recent ones. */
@Path("/v1/backfills")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class BackfillsResource {

    private final BackfillService backfills;

    public BackfillsResource(BackfillService backfills) {
        this.backfills = backfills;
    }

    @POST
    public Response create(@Auth TokenPrincipal caller, JsonNode body) {
        BackfillView created = backfills.create(body, caller.name());
        return Response.accepted(created)
                .location(UriBuilder.fromPath("/v1/backfills/{id}").build(created.id()))
                .build();
    }

    @GET
    public BackfillView.Listing list(@Auth TokenPrincipal caller) {
        return new BackfillView.Listing(backfills.list());
    }

    @GET
    @Path("/{id}")
    public BackfillView get(@Auth TokenPrincipal caller, @PathParam("id") String id) {
        return backfills.get(id);
    }
}
