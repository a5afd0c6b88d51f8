package io.metrics.lakehouse.query.core;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The time syntax of the query API. Instants: ISO-8601 with offset ({@code 2024-01-15T09:00:00Z}),
 * epoch seconds or milliseconds (numbers below 1e11 are seconds, as at ingestion), {@code now},
 * {@code now-1h}. Durations: a number and a unit {@code s m h d w} ({@code 90s}, {@code 5m}), or
 * plain seconds.
 */
public final class TimeExpressions {

    private static final Pattern DURATION = Pattern.compile("([0-9]{1,9})([smhdw]?)");
    private static final Pattern RELATIVE = Pattern.compile("now(?:-([0-9]{1,9}[smhdw]))?");
    private static final Pattern EPOCH = Pattern.compile("[0-9]{1,15}");
    private static final long EPOCH_MILLIS_THRESHOLD = 100_000_000_000L;

    private TimeExpressions() {
    }

    /** Parses an instant, or throws 400 naming {@code parameter}. */
    public static Instant instant(String parameter, String text, Clock clock) {
        String value = text.trim();
        Matcher relative = RELATIVE.matcher(value);
        if (relative.matches()) {
            Instant now = clock.instant();
            return relative.group(1) == null ? now : now.minus(duration(parameter, relative.group(1)));
        }
        if (EPOCH.matcher(value).matches()) {
            long number = Long.parseLong(value);
            return number < EPOCH_MILLIS_THRESHOLD ? Instant.ofEpochSecond(number) : Instant.ofEpochMilli(number);
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            throw QueryException.badParameter(parameter, parameter + " must be ISO-8601 with an offset"
                    + " (2024-01-15T09:00:00Z), epoch seconds or milliseconds, now or now-<n><s|m|h|d|w>");
        }
    }

    /** Parses a positive duration, or throws 400 naming {@code parameter}. */
    public static Duration duration(String parameter, String text) {
        Matcher m = DURATION.matcher(text.trim());
        if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
            throw QueryException.badParameter(parameter,
                    parameter + " must be a positive number with a unit s, m, h, d or w (e.g. 60s, 5m, 1h)");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "", "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            case "d" -> Duration.ofDays(n);
            case "w" -> Duration.ofDays(7 * n);
            default -> throw new IllegalStateException(m.group(2));
        };
    }

    /** {@code 60s}: how the API prints a step. */
    public static String format(Duration step) {
        return step.toSeconds() + "s";
    }
}
