package io.metrics.lakehouse.schemas;

import org.apache.iceberg.catalog.TableIdentifier;

import java.util.List;
import java.util.Objects;

/**
 * What {@link TableManager#ensure} did to one table.
 *
 * @param identifier the table
 * @param status CREATED, EVOLVED or UNCHANGED
 * @param changes human-readable changes applied, in order; empty unless EVOLVED
 */
public record EnsureResult(TableIdentifier identifier, Status status, List<String> changes) {

    public enum Status {
        /** The table did not exist and was created from the definition. */
        CREATED,
        /** The table existed and was brought up to the definition in one atomic commit. */
        EVOLVED,
        /** The table already matched the definition; nothing was committed. */
        UNCHANGED
    }

    public EnsureResult {
        Objects.requireNonNull(identifier, "identifier");
        Objects.requireNonNull(status, "status");
        changes = List.copyOf(changes);
        if ((status == Status.EVOLVED) == changes.isEmpty()) {
            throw new IllegalArgumentException(
                    "EVOLVED, and only EVOLVED, lists changes: " + changes);
        }
    }

    static EnsureResult created(TableIdentifier identifier) {
        return new EnsureResult(identifier, Status.CREATED, List.of());
    }

    static EnsureResult unchanged(TableIdentifier identifier) {
        return new EnsureResult(identifier, Status.UNCHANGED, List.of());
    }

    static EnsureResult evolved(TableIdentifier identifier, List<String> changes) {
        return new EnsureResult(identifier, Status.EVOLVED, changes);
    }

    /** One line: {@code metrics.raw_points EVOLVED: added column x (string); set property k=v}. */
    @Override
    public String toString() {
        return changes.isEmpty()
                ? identifier + " " + status
                : identifier + " " + status + ": " + String.join("; ", changes);
    }
}
