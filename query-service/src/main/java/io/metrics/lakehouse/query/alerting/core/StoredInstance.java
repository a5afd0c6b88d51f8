package io.metrics.lakehouse.query.alerting.core;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** The persisted state of a pending or firing alert instance ({@code labels}: the alert labels). */
public record StoredInstance(String fingerprint, Map<String, String> labels, AlertState state, Instant pendingSince,
        Instant firedAt, UUID eventId) {}
