package io.metrics.lakehouse.query.alerting.resources;

import jakarta.annotation.security.PermitAll;
import io.metrics.lakehouse.query.alerting.api.BadRequestException;
import io.metrics.lakehouse.query.alerting.api.SilenceBody;
import io.metrics.lakehouse.query.alerting.api.SilenceView;
import io.metrics.lakehouse.query.alerting.core.LabelMatcher;
import io.metrics.lakehouse.query.alerting.db.SilenceStore;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** POST/GET/DELETE /v1/silences: matchers (Alertmanager's shape) and a time window. */
@PermitAll
@Path("/v1/silences")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class SilencesResource {

    private final SilenceStore silences;
    private final Clock clock;

    public SilencesResource(SilenceStore silences, Clock clock) {
        this.silences = silences;
        this.clock = clock;
    }

    @POST
    public Response create(SilenceBody body) {
        if (body == null) {
            throw new BadRequestException(null, "a JSON body is required");
        }
        List<LabelMatcher> matchers = body.matchers() == null ? List.of() : body.matchers();
        if (matchers.isEmpty()) {
            throw new BadRequestException("matchers", "at least one matcher is required");
        }
        for (LabelMatcher matcher : matchers) {
            try {
                if (matcher == null) {
                    throw new IllegalArgumentException("matcher must be an object");
                }
                matcher.validate();
            } catch (IllegalArgumentException e) {
                throw new BadRequestException("matchers", e.getMessage());
            }
        }
        Instant now = clock.instant();
        Instant startsAt = body.startsAt() == null ? now : Ids.instant("starts_at", body.startsAt());
        if (body.endsAt() == null) {
            throw new BadRequestException("ends_at", "ends_at is required");
        }
        Instant endsAt = Ids.instant("ends_at", body.endsAt());
        if (!endsAt.isAfter(startsAt)) {
            throw new BadRequestException("ends_at", "ends_at must be after starts_at");
        }
        if (!endsAt.isAfter(now)) {
            throw new BadRequestException("ends_at", "ends_at is in the past");
        }
        if (body.createdBy() == null || body.createdBy().isBlank()) {
            throw new BadRequestException("created_by", "created_by is required");
        }
        UUID id = silences.create(matchers, startsAt, endsAt, body.createdBy(), body.comment() == null ? "" : body.comment(), now);
        return Response.created(URI.create("/v1/silences/" + id)).entity(Map.of("id", id)).build();
    }

    @GET
    public Map<String, List<SilenceView>> list() {
        return Map.of("silences", silences.list(clock.instant()));
    }

    @GET
    @Path("{id}")
    public SilenceView get(@PathParam("id") String id) {
        return silences.find(Ids.parse(id), clock.instant()).orElseThrow(() -> notFound(id));
    }

    /** Expires the silence now; 404 when unknown or already over. */
    @DELETE
    @Path("{id}")
    public Response expire(@PathParam("id") String id) {
        if (!silences.expire(Ids.parse(id), clock.instant())) {
            throw notFound(id);
        }
        return Response.noContent().build();
    }

    private static NotFoundException notFound(String id) {
        return new NotFoundException("silence " + id + " not found or already expired");
    }
}
