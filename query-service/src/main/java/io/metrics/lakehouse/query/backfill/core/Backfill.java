package io.metrics.lakehouse.query.backfill.core;

import java.time.Instant;
import java.util.UUID;

/**
 * A recorded backfill. {@code runner} is {@code airflow} or {@code none}; {@code dagId} is set for
 * Airflow (the run id is {@code id}); {@code state} is the last one seen; {@code error} why the trigger
 * failed, if it did.
 */
public record Backfill(UUID id, BackfillRequest request, String runner, String dagId, BackfillState state,
        String error, String requestedBy, Instant requestedAt, Instant updatedAt) {

    public Backfill withState(BackfillState newState, String newError, Instant at) {
        return new Backfill(id, request, runner, dagId, newState, newError, requestedBy, requestedAt, at);
    }
}
