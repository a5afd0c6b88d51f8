package io.metrics.lakehouse.schemas;

import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SortOrder;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.types.Types;

import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * One Iceberg table as code: identifier, schema, partition spec, sort order, table properties and
 * retention.
 *
 * <p>Immutable. The partition spec and sort order are always bound to this definition's schema (the
 * builder re-binds them when the schema is replaced), so a definition can be derived from another
 * one with {@link #toBuilder()} without repeating them.
 *
 * <p>Field ids are explicit and follow the order in which Iceberg assigns fresh ids when it creates
 * a table (top-level fields first, then nested fields such as map keys and values), so the table
 * the catalog creates has exactly the ids written in code. A column added later takes the next id
 * after the highest one, as {@code UpdateSchema} does.
 */
public final class TableDefinition {

    /**
     * Table property holding the retention period (ISO-8601, e.g. {@code P7D}) or {@link
     * #RETENTION_NONE}. Stored on the table so that maintenance jobs and humans read it from the
     * catalog rather than from a copy of this code.
     */
    public static final String RETENTION_PROPERTY = "metrics.retention-period";

    /** Value of {@link #RETENTION_PROPERTY} for tables that are kept forever. */
    public static final String RETENTION_NONE = "none";

    /** Prefix of per-column metrics modes ({@code full}, {@code counts}, {@code none}, ...). */
    public static final String METRICS_MODE_COLUMN_PREFIX = "write.metadata.metrics.column.";

    private final TableIdentifier identifier;
    private final Schema schema;
    private final PartitionSpec spec;
    private final SortOrder sortOrder;
    private final Map<String, String> properties;
    private final Duration retention;

    private TableDefinition(Builder builder) {
        this.identifier = builder.identifier;
        this.schema = builder.schema;
        this.spec = builder.spec.toUnbound().bind(builder.schema);
        this.sortOrder = builder.sortOrder.toUnbound().bind(builder.schema);
        this.retention = builder.retention;
        Map<String, String> props = new TreeMap<>(builder.properties);
        props.put(
                RETENTION_PROPERTY,
                retention == null ? RETENTION_NONE : formatRetention(retention));
        this.properties = Collections.unmodifiableMap(props);
    }

    public TableIdentifier identifier() {
        return identifier;
    }

    public Schema schema() {
        return schema;
    }

    public PartitionSpec spec() {
        return spec;
    }

    public SortOrder sortOrder() {
        return sortOrder;
    }

    /**
     * The table properties this definition requires, sorted by key, including {@code
     * format-version} and {@link #RETENTION_PROPERTY}. Properties present on a table but absent
     * here are left alone.
     */
    public Map<String, String> properties() {
        return properties;
    }

    /** How long rows are kept, measured on the table's time column; empty means forever. */
    public Optional<Duration> retention() {
        return Optional.ofNullable(retention);
    }

    /** The Iceberg table format version this definition requires. */
    public int formatVersion() {
        return Integer.parseInt(properties.get(TableProperties.FORMAT_VERSION));
    }

    /** The same table in another namespace (used for staging copies and throw-away test tables). */
    public TableDefinition withNamespace(Namespace namespace) {
        return toBuilder().identifier(TableIdentifier.of(namespace, identifier.name())).build();
    }

    public Builder toBuilder() {
        Builder builder = new Builder(identifier, schema);
        builder.spec = spec;
        builder.sortOrder = sortOrder;
        builder.properties.putAll(properties);
        builder.properties.remove(RETENTION_PROPERTY);
        builder.retention = retention;
        return builder;
    }

    public static Builder builder(TableIdentifier identifier, Schema schema) {
        return new Builder(identifier, schema);
    }

    /** ISO-8601 text of a retention period, in whole days when it is a whole number of days. */
    public static String formatRetention(Duration retention) {
        if (!retention.isZero()
                && retention.toSeconds() % 86_400 == 0
                && retention.getNano() == 0) {
            return "P" + retention.toDays() + "D";
        }
        return retention.toString();
    }

    /** Inverse of {@link #formatRetention}; {@code none} gives an empty result. */
    public static Optional<Duration> parseRetention(String text) {
        if (text == null || RETENTION_NONE.equals(text)) {
            return Optional.empty();
        }
        return Optional.of(Duration.parse(text));
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof TableDefinition)) {
            return false;
        }
        TableDefinition that = (TableDefinition) o;
        return identifier.equals(that.identifier)
                && schema.sameSchema(that.schema)
                && spec.equals(that.spec)
                && sortOrder.equals(that.sortOrder)
                && properties.equals(that.properties)
                && Objects.equals(retention, that.retention);
    }

    @Override
    public int hashCode() {
        return Objects.hash(identifier, schema.asStruct(), spec, sortOrder, properties, retention);
    }

    @Override
    public String toString() {
        return "TableDefinition{"
                + identifier
                + ", retention="
                + properties.get(RETENTION_PROPERTY)
                + "}";
    }

    /** Builder; the schema is required, everything else defaults to unpartitioned/unsorted/none. */
    public static final class Builder {
        private TableIdentifier identifier;
        private Schema schema;
        private PartitionSpec spec = PartitionSpec.unpartitioned();
        private SortOrder sortOrder = SortOrder.unsorted();
        private final Map<String, String> properties = new TreeMap<>();
        private Duration retention;

        private Builder(TableIdentifier identifier, Schema schema) {
            identifier(identifier);
            schema(schema);
        }

        public Builder identifier(TableIdentifier newIdentifier) {
            this.identifier = Objects.requireNonNull(newIdentifier, "identifier");
            return this;
        }

        /** Replaces the schema; the spec and sort order are re-bound to it by source field id. */
        public Builder schema(Schema newSchema) {
            this.schema = Objects.requireNonNull(newSchema, "schema");
            return this;
        }

        public Builder spec(PartitionSpec newSpec) {
            this.spec = Objects.requireNonNull(newSpec, "spec");
            return this;
        }

        public Builder sortOrder(SortOrder newSortOrder) {
            this.sortOrder = Objects.requireNonNull(newSortOrder, "sortOrder");
            return this;
        }

        public Builder property(String key, String value) {
            if (RETENTION_PROPERTY.equals(key)) {
                throw new IllegalArgumentException(
                        RETENTION_PROPERTY + " is derived from retention(); set that instead");
            }
            properties.put(
                    Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
            return this;
        }

        public Builder properties(Map<String, String> props) {
            props.forEach(this::property);
            return this;
        }

        /**
         * Sets the metrics mode of one column ({@code none}, {@code counts}, {@code truncate(N)},
         * {@code full}). For a map column name its leaves: {@code tags.key}, {@code tags.value}.
         */
        public Builder metricsMode(String column, String mode) {
            return property(METRICS_MODE_COLUMN_PREFIX + column, mode);
        }

        /** Retention period; {@code null} keeps rows forever. */
        public Builder retention(Duration newRetention) {
            if (newRetention != null && (newRetention.isNegative() || newRetention.isZero())) {
                throw new IllegalArgumentException("retention must be positive: " + newRetention);
            }
            this.retention = newRetention;
            return this;
        }

        public TableDefinition build() {
            if (identifier.name().isEmpty() || identifier.namespace().isEmpty()) {
                throw new IllegalArgumentException(
                        "identifier needs a namespace and a name: " + identifier);
            }
            String version = properties.get(TableProperties.FORMAT_VERSION);
            if (version == null || !version.matches("[1-9]")) {
                throw new IllegalArgumentException(
                        identifier
                                + ": property "
                                + TableProperties.FORMAT_VERSION
                                + " must be set (e.g. 2)");
            }
            // Fail here, not at commit time, when a property names a column that does not exist.
            for (String key : properties.keySet()) {
                if (key.startsWith(METRICS_MODE_COLUMN_PREFIX)) {
                    String column = key.substring(METRICS_MODE_COLUMN_PREFIX.length());
                    Types.NestedField field = schema.findField(column);
                    if (field == null) {
                        throw new IllegalArgumentException(
                                identifier + ": metrics mode set for unknown column " + column);
                    }
                }
            }
            return new TableDefinition(this);
        }
    }
}
