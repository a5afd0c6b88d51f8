package io.metrics.lakehouse.schemas;

import org.apache.iceberg.catalog.TableIdentifier;

import java.util.List;

/**
 * An existing table differs from its definition in a way that {@link TableManager} will not fix by
 * itself (a retyped column, a required column that would have to be added, another partition spec,
 * ...). Nothing was committed to the table.
 */
public class IncompatibleTableException extends RuntimeException {

    private final TableIdentifier identifier;
    private final List<String> problems;

    public IncompatibleTableException(TableIdentifier identifier, List<String> problems) {
        super(identifier + " is incompatible with its definition: " + String.join("; ", problems));
        this.identifier = identifier;
        this.problems = List.copyOf(problems);
    }

    public TableIdentifier identifier() {
        return identifier;
    }

    /** One entry per difference, each naming the column or setting involved. */
    public List<String> problems() {
        return problems;
    }
}
