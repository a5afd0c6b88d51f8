package io.metrics.lakehouse.query.alerting.core;

/** A parsed rule expression {@code aggregation(value) comparison threshold}, e.g. {@code avg(value) > 500}. */
public record Expression(Aggregation aggregation, Comparison comparison, double threshold) {

    public boolean breaches(double value) {
        return comparison.holds(value, threshold);
    }

    /** The left-hand side, the key of the values recorded at fire time: {@code avg(value)}. */
    public String valueName() {
        return aggregation.wireName() + "(value)";
    }

    @Override
    public String toString() {
        return valueName() + " " + comparison.symbol() + " " + threshold;
    }
}
