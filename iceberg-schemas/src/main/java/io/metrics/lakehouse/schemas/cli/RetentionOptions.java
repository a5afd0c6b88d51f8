package io.metrics.lakehouse.schemas.cli;

import io.metrics.lakehouse.schemas.RetentionPolicy;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

import java.time.Duration;
import java.util.Locale;

/** Retention overrides; unset options keep {@link RetentionPolicy#defaults()}. */
final class RetentionOptions {

    @Option(
            names = "--raw-retention",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            description =
                    "Retention of raw_points (default P7D). ISO-8601 (P7D, PT36H) or 7d, 36h, 90m.")
    Duration raw;

    @Option(
            names = "--speed-retention",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            description = "Retention of speed_rollup_1m (default P2D).")
    Duration speedRollup1m;

    @Option(
            names = "--rollup-1m-retention",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            description = "Retention of rollup_1m (default P30D).")
    Duration rollup1m;

    @Option(
            names = "--rollup-1h-retention",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            description = "Retention of rollup_1h (default P365D).")
    Duration rollup1h;

    RetentionPolicy policy() {
        RetentionPolicy policy = RetentionPolicy.defaults();
        if (raw != null) {
            policy = policy.withRaw(raw);
        }
        if (speedRollup1m != null) {
            policy = policy.withSpeedRollup1m(speedRollup1m);
        }
        if (rollup1m != null) {
            policy = policy.withRollup1m(rollup1m);
        }
        if (rollup1h != null) {
            policy = policy.withRollup1h(rollup1h);
        }
        return policy;
    }

    /** ISO-8601 durations ({@code P7D}, {@code PT36H}) or a number and a unit: d, h, m, s. */
    static final class DurationConverter implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            String text = value.trim().toLowerCase(Locale.ROOT);
            Duration duration;
            try {
                if (text.startsWith("p")) {
                    duration = Duration.parse(text.toUpperCase(Locale.ROOT));
                } else if (text.matches("\\d+[dhms]")) {
                    long amount = Long.parseLong(text.substring(0, text.length() - 1));
                    switch (text.charAt(text.length() - 1)) {
                        case 'd':
                            duration = Duration.ofDays(amount);
                            break;
                        case 'h':
                            duration = Duration.ofHours(amount);
                            break;
                        case 'm':
                            duration = Duration.ofMinutes(amount);
                            break;
                        default:
                            duration = Duration.ofSeconds(amount);
                    }
                } else {
                    throw new TypeConversionException(
                            "not a duration: '" + value + "' (use e.g. P7D or 7d)");
                }
            } catch (ArithmeticException | java.time.format.DateTimeParseException e) {
                throw new TypeConversionException(
                        "not a duration: '" + value + "' (use e.g. P7D or 7d)");
            }
            if (duration.isNegative() || duration.isZero()) {
                throw new TypeConversionException("retention must be positive: '" + value + "'");
            }
            return duration;
        }
    }
}
