package io.metrics.lakehouse.schemas;

import java.time.Duration;
import java.util.Objects;

/**
 * How long each tier keeps its rows. Immutable; start from {@link #defaults()} and override with
 * the {@code with*} methods.
 *
 * <p>The defaults are the product's rollup policy: raw points 7 days, 1-minute rollups 30 days,
 * hourly rollups 1 year. The provisional speed-layer minutes only need to outlive the lag of the
 * authoritative batch rollup (hourly, plus backfills), hence 2 days. The partition log has no
 * retention: it is tiny and is the record of which partitions are complete.
 */
public final class RetentionPolicy {

    public static final Duration DEFAULT_RAW = Duration.ofDays(7);
    public static final Duration DEFAULT_SPEED_ROLLUP_1M = Duration.ofDays(2);
    public static final Duration DEFAULT_ROLLUP_1M = Duration.ofDays(30);
    public static final Duration DEFAULT_ROLLUP_1H = Duration.ofDays(365);

    private static final RetentionPolicy DEFAULTS =
            new RetentionPolicy(
                    DEFAULT_RAW, DEFAULT_SPEED_ROLLUP_1M, DEFAULT_ROLLUP_1M, DEFAULT_ROLLUP_1H);

    private final Duration raw;
    private final Duration speedRollup1m;
    private final Duration rollup1m;
    private final Duration rollup1h;

    private RetentionPolicy(
            Duration raw, Duration speedRollup1m, Duration rollup1m, Duration rollup1h) {
        this.raw = positive("raw", raw);
        this.speedRollup1m = positive("speed_rollup_1m", speedRollup1m);
        this.rollup1m = positive("rollup_1m", rollup1m);
        this.rollup1h = positive("rollup_1h", rollup1h);
    }

    public static RetentionPolicy defaults() {
        return DEFAULTS;
    }

    /** Retention of {@code raw_points}. */
    public Duration raw() {
        return raw;
    }

    /** Retention of {@code speed_rollup_1m}. */
    public Duration speedRollup1m() {
        return speedRollup1m;
    }

    /** Retention of {@code rollup_1m}. */
    public Duration rollup1m() {
        return rollup1m;
    }

    /** Retention of {@code rollup_1h}. */
    public Duration rollup1h() {
        return rollup1h;
    }

    public RetentionPolicy withRaw(Duration value) {
        return new RetentionPolicy(value, speedRollup1m, rollup1m, rollup1h);
    }

    public RetentionPolicy withSpeedRollup1m(Duration value) {
        return new RetentionPolicy(raw, value, rollup1m, rollup1h);
    }

    public RetentionPolicy withRollup1m(Duration value) {
        return new RetentionPolicy(raw, speedRollup1m, value, rollup1h);
    }

    public RetentionPolicy withRollup1h(Duration value) {
        return new RetentionPolicy(raw, speedRollup1m, rollup1m, value);
    }

    private static Duration positive(String tier, Duration value) {
        Objects.requireNonNull(value, tier + " retention");
        if (value.isNegative() || value.isZero()) {
            throw new IllegalArgumentException(tier + " retention must be positive: " + value);
        }
        return value;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof RetentionPolicy)) {
            return false;
        }
        RetentionPolicy that = (RetentionPolicy) o;
        return raw.equals(that.raw)
                && speedRollup1m.equals(that.speedRollup1m)
                && rollup1m.equals(that.rollup1m)
                && rollup1h.equals(that.rollup1h);
    }

    @Override
    public int hashCode() {
        return Objects.hash(raw, speedRollup1m, rollup1m, rollup1h);
    }

    @Override
    public String toString() {
        return "RetentionPolicy{raw="
                + TableDefinition.formatRetention(raw)
                + ", speed_rollup_1m="
                + TableDefinition.formatRetention(speedRollup1m)
                + ", rollup_1m="
                + TableDefinition.formatRetention(rollup1m)
                + ", rollup_1h="
                + TableDefinition.formatRetention(rollup1h)
                + "}";
    }
}
