package io.metrics.lakehouse.query.alerting.resources;

import jakarta.annotation.security.PermitAll;
import io.metrics.lakehouse.query.alerting.api.AlertEventView;
import io.metrics.lakehouse.query.alerting.api.BadRequestException;
import io.metrics.lakehouse.query.alerting.db.EventStore;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.List;
import java.util.Map;

/** GET /v1/alert-events?status=firing|resolved&amp;rule_id=&amp;since=&amp;limit= (newest first). */
@PermitAll
@Path("/v1/alert-events")
@Produces(MediaType.APPLICATION_JSON)
public class AlertEventsResource {

    private static final int MAX_LIMIT = 1000;

    private final EventStore events;

    public AlertEventsResource(EventStore events) {
        this.events = events;
    }

    @GET
    public Map<String, List<AlertEventView>> find(@QueryParam("status") String status, @QueryParam("rule_id") String ruleId,
            @QueryParam("since") String since, @QueryParam("limit") @DefaultValue("100") String limit) {
        if (status != null && !status.equals("firing") && !status.equals("resolved")) {
            throw new BadRequestException("status", "status must be firing or resolved, was '" + status + "'");
        }
        int max;
        try {
            max = Integer.parseInt(limit);
        } catch (NumberFormatException e) {
            max = -1;
        }
        if (max < 1 || max > MAX_LIMIT) {
            throw new BadRequestException("limit", "limit must be between 1 and " + MAX_LIMIT + ", was '" + limit + "'");
        }
        return Map.of("events", events.find(status,
                ruleId == null ? null : Ids.uuid("rule_id", ruleId),
                since == null ? null : Ids.instant("since", since),
                max));
    }
}
