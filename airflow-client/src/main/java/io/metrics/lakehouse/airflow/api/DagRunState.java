package io.metrics.lakehouse.airflow.api;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.Locale;

/** Airflow's DagState: {@code queued}, {@code running}, {@code success}, {@code failed}. */
public enum DagRunState {
    QUEUED, RUNNING, SUCCESS, FAILED;

    /** Whether the run has ended (it will not change state again unless cleared). */
    public boolean finished() {
        return this == SUCCESS || this == FAILED;
    }

    @JsonValue
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    @JsonCreator
    public static DagRunState of(String wire) {
        return valueOf(wire.toUpperCase(Locale.ROOT));
    }
}
