package io.metrics.lakehouse.query.resources;

import io.dropwizard.auth.Auth;
import io.metrics.lakehouse.query.core.Discovery;
import io.metrics.lakehouse.query.core.MetricInfo;
import io.metrics.lakehouse.query.core.TagValue;
import io.metrics.lakehouse.query.core.TimeExpressions;
import io.metrics.lakehouse.service.auth.TokenPrincipal;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;

/** Discovery for pickers: {@code GET /v1/metrics?match=}, {@code GET /v1/metrics/{name}/tags}. */
@Path("/v1/metrics")
@Produces(MediaType.APPLICATION_JSON)
public class MetricsResource {

    private final Discovery discovery;

    public MetricsResource(Discovery discovery) {
        this.discovery = discovery;
    }

    public record MetricList(List<MetricInfo> metrics) {
    }

    public record TagList(String metric, String lookback, Map<String, List<TagValue>> tags) {
    }

    @GET
    public MetricList metrics(@Auth TokenPrincipal caller, @QueryParam("match") String match) {
        return new MetricList(discovery.metrics(match));
    }

    @GET
    @Path("/{name}/tags")
    public TagList tags(@Auth TokenPrincipal caller, @PathParam("name") String name) {
        return new TagList(name, TimeExpressions.format(discovery.lookback()), discovery.tags(name));
    }
}
