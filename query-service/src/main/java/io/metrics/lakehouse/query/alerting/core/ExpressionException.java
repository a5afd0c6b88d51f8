package io.metrics.lakehouse.query.alerting.core;

/** A rule expression that does not parse; {@code position} is the 0-based offset of the problem. */
public class ExpressionException extends RuntimeException {

    private final int position;

    public ExpressionException(String message, int position) {
        super(message + " at position " + position);
        this.position = position;
    }

    public int position() {
        return position;
    }
}
