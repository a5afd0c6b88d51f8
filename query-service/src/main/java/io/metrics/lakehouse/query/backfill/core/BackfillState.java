package io.metrics.lakehouse.query.backfill.core;

import com.fasterxml.jackson.annotation.JsonValue;
import io.metrics.lakehouse.airflow.api.DagRunState;
import java.util.Locale;

/**
 * State of a backfill: Airflow's DAG run states one to one, plus {@code waiting} for a request that
 * no runner picks up (no Airflow configured).
 */
public enum BackfillState {
    QUEUED, RUNNING, SUCCESS, FAILED, WAITING;

    public static BackfillState of(DagRunState airflow) {
        if (airflow == null) {
            return QUEUED; // Airflow sends no state before the scheduler has seen the run
        }
        return switch (airflow) {
            case QUEUED -> QUEUED;
            case RUNNING -> RUNNING;
            case SUCCESS -> SUCCESS;
            case FAILED -> FAILED;
        };
    }

    public static BackfillState ofWire(String wire) {
        return valueOf(wire.toUpperCase(Locale.ROOT));
    }

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
