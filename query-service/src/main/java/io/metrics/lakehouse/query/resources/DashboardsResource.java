package io.metrics.lakehouse.query.resources;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.dropwizard.auth.Auth;
import io.metrics.lakehouse.query.api.Dashboard;
import io.metrics.lakehouse.query.api.DashboardSpec;
import io.metrics.lakehouse.query.core.DashboardService;
import io.metrics.lakehouse.query.core.QueryException;
import io.metrics.lakehouse.service.auth.TokenPrincipal;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import java.util.stream.Collectors;

/** {@code /v1/dashboards}: create, list, get, replace, delete saved dashboards. */
@Path("/v1/dashboards")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class DashboardsResource {

    private final DashboardService dashboards;
    /** Strict about unknown fields, so that a typo ("group-by") is a 400 rather than silently dropped. */
    private final ObjectMapper strict;

    public DashboardsResource(DashboardService dashboards, ObjectMapper json) {
        this.dashboards = dashboards;
        this.strict = json.copy().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    }

    @GET
    public Dashboard.Listing list(@Auth TokenPrincipal caller) {
        return new Dashboard.Listing(dashboards.list());
    }

    @POST
    public Response create(@Auth TokenPrincipal caller, JsonNode body) {
        Dashboard created = dashboards.create(spec(body));
        return Response.created(UriBuilder.fromPath("/v1/dashboards/{id}").build(created.id())).entity(created).build();
    }

    @GET
    @Path("/{id}")
    public Dashboard get(@Auth TokenPrincipal caller, @PathParam("id") String id) {
        return dashboards.get(id);
    }

    @PUT
    @Path("/{id}")
    public Dashboard replace(@Auth TokenPrincipal caller, @PathParam("id") String id, JsonNode body) {
        return dashboards.update(id, spec(body));
    }

    @DELETE
    @Path("/{id}")
    public Response delete(@Auth TokenPrincipal caller, @PathParam("id") String id) {
        dashboards.delete(id);
        return Response.noContent().build();
    }

    /** The body as a spec, or a 400 naming the field that does not fit (its JSON path). */
    private DashboardSpec spec(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw QueryException.badParameter("body", "the body must be a JSON object");
        }
        try {
            return strict.treeToValue(body, DashboardSpec.class);
        } catch (UnrecognizedPropertyException e) {
            String field = path(e);
            throw QueryException.badParameter(field, "unknown field '" + field + "'");
        } catch (JsonMappingException e) {
            String field = path(e);
            throw QueryException.badParameter(field, "field '" + field + "' has the wrong type");
        } catch (JsonProcessingException e) {
            throw QueryException.badParameter("body", "the body is not a dashboard");
        }
    }

    /** {@code panels[0].tags}: the JSON path Jackson reports. */
    private static String path(JsonMappingException e) {
        String path = e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? "." + ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining());
        return path.startsWith(".") ? path.substring(1) : path.isEmpty() ? "body" : path;
    }
}
