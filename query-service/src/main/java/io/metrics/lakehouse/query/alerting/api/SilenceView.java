package io.metrics.lakehouse.query.alerting.api;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import io.metrics.lakehouse.query.alerting.core.LabelMatcher;
import java.util.List;
import java.util.UUID;

/** A silence; {@code state} is pending, active or expired (DELETE ends it early: ends_at moves to then). */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record SilenceView(UUID id, List<LabelMatcher> matchers, String startsAt, String endsAt, String createdBy,
        String comment, String state) {}
