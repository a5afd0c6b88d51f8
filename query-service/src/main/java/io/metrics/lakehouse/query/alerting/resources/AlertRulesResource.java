package io.metrics.lakehouse.query.alerting.resources;

import jakarta.annotation.security.PermitAll;
import io.metrics.lakehouse.query.alerting.api.AlertRuleBody;
import io.metrics.lakehouse.query.alerting.api.AlertRuleView;
import io.metrics.lakehouse.query.alerting.api.RuleCreated;
import io.metrics.lakehouse.query.alerting.core.AlertRule;
import io.metrics.lakehouse.query.alerting.db.InstanceStore;
import io.metrics.lakehouse.query.alerting.db.RuleStore;
import io.metrics.lakehouse.query.alerting.db.TransitionWriter;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
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
import org.jdbi.v3.core.Jdbi;

/** POST/GET/PUT/DELETE /v1/alert-rules. */
@PermitAll
@Path("/v1/alert-rules")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class AlertRulesResource {

    private final Jdbi jdbi;
    private final RuleStore rules;
    private final InstanceStore instances;
    private final TransitionWriter transitions;
    private final RuleRequests requests;
    private final Clock clock;

    public AlertRulesResource(Jdbi jdbi, RuleStore rules, InstanceStore instances, TransitionWriter transitions,
            RuleRequests requests, Clock clock) {
        this.jdbi = jdbi;
        this.rules = rules;
        this.instances = instances;
        this.transitions = transitions;
        this.requests = requests;
        this.clock = clock;
    }

    @POST
    public Response create(AlertRuleBody body) {
        AlertRule rule = requests.toRule(body);
        UUID id = rules.create(rule, clock.instant());
        return Response.created(URI.create("/v1/alert-rules/" + id)).entity(new RuleCreated(id, "active")).build();
    }

    @GET
    public Map<String, List<AlertRuleView>> list() {
        return Map.of("rules", rules.list().stream().map(RuleRequests::view).toList());
    }

    @GET
    @Path("{id}")
    public AlertRuleView get(@PathParam("id") String id) {
        return RuleRequests.view(rules.find(Ids.parse(id)).orElseThrow(() -> notFound(id)));
    }

    @PUT
    @Path("{id}")
    public AlertRuleView update(@PathParam("id") String id, AlertRuleBody body) {
        UUID ruleId = Ids.parse(id);
        AlertRule rule = requests.toRule(body);
        if (!rules.update(ruleId, rule, clock.instant())) {
            throw notFound(id);
        }
        return get(id);
    }

    /** Soft delete; the rule's firing alerts resolve (and notify) in the same transaction. */
    @DELETE
    @Path("{id}")
    public Response delete(@PathParam("id") String id) {
        UUID ruleId = Ids.parse(id);
        Instant now = clock.instant();
        boolean deleted = jdbi.inTransaction(h -> {
            AlertRule rule = rules.find(h, ruleId).orElse(null);
            if (rule == null || !rules.delete(h, ruleId, now)) {
                return false;
            }
            transitions.retire(h, rule, instances.load(h, ruleId), now);
            return true;
        });
        if (!deleted) {
            throw notFound(id);
        }
        return Response.noContent().build();
    }

    private static NotFoundException notFound(String id) {
        return new NotFoundException("alert rule " + id + " not found");
    }
}
