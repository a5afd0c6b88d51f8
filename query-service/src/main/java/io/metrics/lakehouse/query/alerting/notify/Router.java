package io.metrics.lakehouse.query.alerting.notify;

import io.metrics.lakehouse.query.alerting.core.LabelMatcher;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Decides the destinations of an alert: every configured route whose severities and matchers fit,
 * then the rule's own channels (with the default grouping) not already reached. Channels that are
 * not configured (no URL in the environment) are left out.
 */
public class Router {

    private static final String RULE_ROUTE = "rule";

    private final List<RouteConfiguration> routes;
    private final GroupingConfiguration defaultGrouping;
    private final Set<String> configuredChannels;

    public Router(List<RouteConfiguration> routes, GroupingConfiguration defaultGrouping, Set<String> configuredChannels) {
        this.routes = List.copyOf(routes);
        this.defaultGrouping = defaultGrouping;
        this.configuredChannels = Set.copyOf(configuredChannels);
    }

    public List<Destination> destinations(Map<String, String> labels, String severity, List<String> ruleChannels) {
        List<Destination> destinations = new ArrayList<>();
        Set<String> reached = new LinkedHashSet<>();
        for (RouteConfiguration route : routes) {
            boolean severityFits = route.getSeverities().isEmpty() || route.getSeverities().contains(severity);
            if (severityFits && LabelMatcher.all(route.getMatchers(), labels)) {
                GroupingConfiguration grouping = route.getGrouping() == null ? defaultGrouping : route.getGrouping();
                for (String channel : route.getChannels()) {
                    if (configuredChannels.contains(channel) && reached.add(channel)) {
                        destinations.add(destination(channel, route.getName(), grouping));
                    }
                }
            }
        }
        for (String channel : ruleChannels) {
            if (configuredChannels.contains(channel) && reached.add(channel)) {
                destinations.add(destination(channel, RULE_ROUTE, defaultGrouping));
            }
        }
        return destinations;
    }

    private static Destination destination(String channel, String route, GroupingConfiguration grouping) {
        return new Destination(channel, route, List.copyOf(grouping.getGroupBy()),
                Duration.ofMillis(grouping.getGroupWait().toMilliseconds()),
                Duration.ofMillis(grouping.getGroupInterval().toMilliseconds()),
                Duration.ofMillis(grouping.getRepeatInterval().toMilliseconds()));
    }
}
