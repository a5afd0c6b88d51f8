package io.metrics.lakehouse.query.alerting.core;

import java.time.Duration;
import java.time.Instant;

/**
 * OK -> Pending -> Firing -> (Resolved) OK, with {@code for_seconds}: an instance fires only after
 * breaching at every evaluation for at least for_seconds since it became pending; one clear
 * evaluation while pending returns it to OK without a notification (the seed's flapping answer).
 * Notifications go out only on {@link Transition#FIRED} and {@link Transition#RESOLVED}.
 */
public final class StateMachine {

    public enum Transition {
        NONE, PENDING, FIRED, RESOLVED, CLEARED
    }

    public record Step(AlertState next, Transition transition) {}

    private StateMachine() {}

    /**
     * @param pendingSince when the instance became pending (ignored in OK)
     */
    public static Step next(AlertState current, boolean breaching, Instant pendingSince, Instant now, int forSeconds) {
        return switch (current) {
            case OK -> !breaching ? new Step(AlertState.OK, Transition.NONE)
                    : forSeconds == 0 ? new Step(AlertState.FIRING, Transition.FIRED)
                    : new Step(AlertState.PENDING, Transition.PENDING);
            case PENDING -> !breaching ? new Step(AlertState.OK, Transition.CLEARED)
                    : !now.isBefore(pendingSince.plus(Duration.ofSeconds(forSeconds)))
                            ? new Step(AlertState.FIRING, Transition.FIRED)
                            : new Step(AlertState.PENDING, Transition.NONE);
            case FIRING -> breaching ? new Step(AlertState.FIRING, Transition.NONE)
                    : new Step(AlertState.OK, Transition.RESOLVED);
        };
    }
}
