package io.metrics.lakehouse.query.alerting.api;

import java.util.UUID;

/** The seed's answer to POST /v1/alert-rules: {@code {"id","status":"active"}}. */
public record RuleCreated(UUID id, String status) {}
