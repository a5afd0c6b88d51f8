package io.metrics.lakehouse.query.backfill.core;

import com.fasterxml.jackson.databind.JsonNode;
import io.metrics.lakehouse.query.core.QueryException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Iterator;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a {@code POST /v1/backfills} body; every refusal is a 400 naming the field.
 *
 * <p>Rollups are recomputed by whole hour partitions (and the DAG takes whole hours only), so the
 * range is rounded <em>out</em>: start down, end up to the hour. A range never shrinks, so every
 * minute asked for is recomputed. The end may not lie beyond the current hour (there is nothing to
 * recompute there yet).
 */
public final class BackfillValidator {

    /** A prefix of metric names as the query API accepts them; empty = every metric. */
    static final Pattern METRIC_PREFIX = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_.:-]*");
    static final int MAX_PREFIX_LENGTH = 200;
    private static final Set<String> FIELDS = Set.of("start", "end", "metric_prefix", "force");

    private final Duration maxRange;
    private final Clock clock;

    public BackfillValidator(Duration maxRange, Clock clock) {
        this.maxRange = maxRange;
        this.clock = clock;
    }

    public BackfillRequest validate(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw QueryException.badParameter("body", "the body must be a JSON object {start, end, metric_prefix, force}");
        }
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!FIELDS.contains(name)) {
                throw QueryException.badParameter(name, "unknown field '" + name + "'");
            }
        }
        Instant requestedStart = instant(body, "start");
        Instant requestedEnd = instant(body, "end");
        if (!requestedStart.isBefore(requestedEnd)) {
            throw QueryException.badParameter("end", "end must be after start");
        }
        Instant start = requestedStart.truncatedTo(ChronoUnit.HOURS);
        Instant end = ceilHour(requestedEnd);
        if (end.isAfter(ceilHour(clock.instant()))) {
            throw QueryException.badParameter("end", "end lies beyond the current hour: nothing to recompute there yet");
        }
        if (Duration.between(start, end).compareTo(maxRange) > 0) {
            throw QueryException.badParameter("end", "the range (rounded out to whole hours) is longer than the limit of "
                    + maxRange.toDays() + " days (" + maxRange.toHours() + " hours)");
        }
        return new BackfillRequest(start, end, metricPrefix(body), force(body));
    }

    private static Instant instant(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            throw QueryException.badParameter(field, field + " is required (ISO-8601 with offset, e.g. 2026-01-01T00:00:00Z)");
        }
        if (!value.isTextual()) {
            throw QueryException.badParameter(field, field + " must be an ISO-8601 string, e.g. 2026-01-01T00:00:00Z");
        }
        try {
            return OffsetDateTime.parse(value.asText()).toInstant();
        } catch (DateTimeParseException e) {
            throw QueryException.badParameter(field, field + " is not an ISO-8601 instant with offset: '"
                    + excerpt(value.asText()) + "'");
        }
    }

    private static String metricPrefix(JsonNode body) {
        JsonNode value = body.get("metric_prefix");
        if (value == null || value.isNull()) {
            return "";
        }
        if (!value.isTextual()) {
            throw QueryException.badParameter("metric_prefix", "metric_prefix must be a string");
        }
        String prefix = value.asText();
        if (prefix.length() > MAX_PREFIX_LENGTH) {
            throw QueryException.badParameter("metric_prefix", "metric_prefix is longer than " + MAX_PREFIX_LENGTH + " characters");
        }
        if (!prefix.isEmpty() && !METRIC_PREFIX.matcher(prefix).matches()) {
            throw QueryException.badParameter("metric_prefix",
                    "metric_prefix must be empty (every metric) or match [a-zA-Z_:][a-zA-Z0-9_.:-]*");
        }
        return prefix;
    }

    private static boolean force(JsonNode body) {
        JsonNode value = body.get("force");
        if (value == null || value.isNull()) {
            return false;
        }
        if (!value.isBoolean()) {
            throw QueryException.badParameter("force", "force must be true or false");
        }
        return value.asBoolean();
    }

    static Instant ceilHour(Instant at) {
        Instant floor = at.truncatedTo(ChronoUnit.HOURS);
        return floor.equals(at) ? at : floor.plus(1, ChronoUnit.HOURS);
    }

    private static String excerpt(String text) {
        String flat = text.replaceAll("\\p{Cntrl}", "?");
        return flat.length() <= 64 ? flat : flat.substring(0, 64) + "...";
    }
}
