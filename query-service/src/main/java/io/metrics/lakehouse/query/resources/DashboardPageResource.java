package io.metrics.lakehouse.query.resources;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * The dashboards page: {@code /} and {@code /dashboards} (a new dashboard) and
 * {@code /dashboards/{id}} (a saved one; the page reads the id and {@code ?from=&to=&refresh=}
 * from its URL). One HTML document; its scripts and styles come from {@code /assets/}, the chart
 * library from {@code /vendor/uplot/}. No bearer token needed for the page itself: its API calls
 * carry the token the user enters.
 */
@Path("/")
public class DashboardPageResource {

    static final String PAGE = "/assets/index.html";
    /** Same-origin only: nothing is loaded from elsewhere (no CDN); uPlot sets inline styles. */
    static final String CONTENT_SECURITY_POLICY =
            "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'";

    private final byte[] page;

    public DashboardPageResource() {
        try (InputStream in = DashboardPageResource.class.getResourceAsStream(PAGE)) {
            if (in == null) {
                throw new IllegalStateException(PAGE + " is missing from the classpath");
            }
            page = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @GET
    public Response root() {
        return Response.seeOther(URI.create("/dashboards")).build();
    }

    @GET
    @Path("dashboards")
    @Produces(MediaType.TEXT_HTML)
    public Response newDashboard() {
        return page();
    }

    @GET
    @Path("dashboards/{id}")
    @Produces(MediaType.TEXT_HTML)
    public Response savedDashboard(@PathParam("id") String id) {
        // Unknown ids are the page's business: it asks the API and says so.
        return page();
    }

    private Response page() {
        return Response.ok(page, new MediaType("text", "html", StandardCharsets.UTF_8.name()))
                .header("Content-Security-Policy", CONTENT_SECURITY_POLICY)
                .header("X-Content-Type-Options", "nosniff")
                .header("Cache-Control", "no-cache")
                .build();
    }
}
