package io.metrics.lakehouse.query.resources;

import io.dropwizard.auth.Auth;
import io.metrics.lakehouse.query.api.QueryResponse;
import io.metrics.lakehouse.query.core.QueryEngine;
import io.metrics.lakehouse.query.core.QueryException;
import io.metrics.lakehouse.query.core.QueryRequest;
import io.metrics.lakehouse.service.auth.TokenPrincipal;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.time.Clock;

/** {@code GET /v1/query}: parameters in, {@link QueryResponse} out; the engine does the rest. */
@Path("/v1/query")
@Produces(MediaType.APPLICATION_JSON)
public class QueryResource {

    private final QueryEngine engine;
    private final Clock clock;

    public QueryResource(QueryEngine engine, Clock clock) {
        this.engine = engine;
        this.clock = clock;
    }

    @GET
    public QueryResponse query(@Auth TokenPrincipal caller, @Context UriInfo uri) {
        QueryRequest request;
        try {
            request = QueryRequest.parse(uri.getQueryParameters(), clock);
        } catch (QueryException e) {
            engine.reject("bad_request");
            throw e;
        }
        return QueryResponse.of(engine.execute(request, caller.getName()));
    }
}
