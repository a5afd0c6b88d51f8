package io.metrics.lakehouse.query.alerting.api;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.metrics.lakehouse.query.alerting.core.LabelMatcher;
import java.util.List;

/** POST /v1/silences: matchers in Alertmanager's shape, an RFC 3339 window, who and why. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record SilenceBody(List<LabelMatcher> matchers, String startsAt, String endsAt, String createdBy, String comment) {}
