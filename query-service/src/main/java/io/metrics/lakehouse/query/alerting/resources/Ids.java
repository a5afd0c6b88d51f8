package io.metrics.lakehouse.query.alerting.resources;

import io.metrics.lakehouse.query.alerting.api.BadRequestException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.UUID;

/** Parses path and query parameters into 400s rather than 500s or 404s. */
final class Ids {

    private Ids() {}

    static UUID parse(String id) {
        return uuid("id", id);
    }

    static UUID uuid(String field, String value) {
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw new BadRequestException(field, field + " '" + value + "' is not a UUID");
        }
    }

    static Instant instant(String field, String value) {
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new BadRequestException(field, field + " '" + value
                    + "' is not an RFC 3339 UTC timestamp (e.g. 2024-01-15T10:00:00Z)", e.getErrorIndex());
        }
    }
}
