package io.metrics.lakehouse.schemas;

import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.PartitionField;
import org.apache.iceberg.PartitionSpec;
import org.apache.iceberg.ReplaceSortOrder;
import org.apache.iceberg.Schema;
import org.apache.iceberg.SortDirection;
import org.apache.iceberg.SortField;
import org.apache.iceberg.SortOrder;
import org.apache.iceberg.Table;
import org.apache.iceberg.TableProperties;
import org.apache.iceberg.Transaction;
import org.apache.iceberg.UpdateProperties;
import org.apache.iceberg.UpdateSchema;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.AlreadyExistsException;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.expressions.Expressions;
import org.apache.iceberg.expressions.Term;
import org.apache.iceberg.transforms.Transform;
import org.apache.iceberg.types.Type;
import org.apache.iceberg.types.Types;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Creates tables from their {@link TableDefinition} or brings existing tables up to it.
 *
 * <p>Evolution only ever adds: missing optional columns are added, required columns may be made
 * optional, column docs, the sort order, identifier fields and the definition's table properties
 * are set. Columns are never dropped, renamed or retyped, and properties the definition does not
 * mention are left alone. Any difference that would need more than that is reported as an {@link
 * IncompatibleTableException} before anything is committed, so the table is then unchanged.
 *
 * <p>All changes to one table are committed in one transaction: readers see either the old table or
 * the fully evolved one. Running {@code ensure} twice gives {@code UNCHANGED} the second time.
 */
public final class TableManager {

    private static final Logger LOG = LoggerFactory.getLogger(TableManager.class);

    private TableManager() {}

    /** Ensures the six product tables in namespace {@code metrics}, with default retention. */
    public static List<EnsureResult> ensureAll(Catalog catalog) {
        return ensureAll(catalog, MetricsTables.defaults().all());
    }

    /** Ensures each definition in order; stops at the first failure. */
    public static List<EnsureResult> ensureAll(Catalog catalog, List<TableDefinition> definitions) {
        List<EnsureResult> results = new ArrayList<>(definitions.size());
        for (TableDefinition definition : definitions) {
            results.add(ensure(catalog, definition));
        }
        return List.copyOf(results);
    }

    /**
     * Creates the namespace and the table if absent, else evolves the table to the definition.
     *
     * @throws IncompatibleTableException if the table differs in a way that is never evolved
     *     automatically; nothing was committed then
     */
    public static EnsureResult ensure(Catalog catalog, TableDefinition definition) {
        TableIdentifier identifier = definition.identifier();
        ensureNamespace(catalog, identifier.namespace());

        Table table;
        try {
            table = catalog.loadTable(identifier);
        } catch (NoSuchTableException absent) {
            try {
                catalog.buildTable(identifier, definition.schema())
                        .withPartitionSpec(definition.spec())
                        .withSortOrder(definition.sortOrder())
                        .withProperties(definition.properties())
                        .create();
                LOG.info("Created table {}", identifier);
                return EnsureResult.created(identifier);
            } catch (AlreadyExistsException race) {
                // Another process created it between our load and create: evolve what it made.
                table = catalog.loadTable(identifier);
            }
        }
        return evolve(table, definition);
    }

    /**
     * Brings an existing table up to the definition (see the class comment for what that means).
     */
    public static EnsureResult evolve(Table table, TableDefinition definition) {
        Plan plan = new Plan();
        planSchema(table.schema(), definition.schema(), plan);
        planSpec(table.spec(), definition.spec(), plan);
        planSortOrder(table.sortOrder(), definition.sortOrder(), plan);
        planProperties(table, definition, plan);

        TableIdentifier identifier = definition.identifier();
        if (!plan.problems.isEmpty()) {
            throw new IncompatibleTableException(identifier, plan.problems);
        }
        if (plan.changes.isEmpty()) {
            return EnsureResult.unchanged(identifier);
        }

        Transaction transaction = table.newTransaction();
        if (!plan.schemaUpdates.isEmpty()) {
            UpdateSchema update = transaction.updateSchema();
            plan.schemaUpdates.forEach(step -> step.accept(update));
            update.commit();
        }
        if (plan.sortOrder != null) {
            ReplaceSortOrder replace = transaction.replaceSortOrder();
            applySortOrder(replace, plan.sortOrder);
            replace.commit();
        }
        if (!plan.propertyUpdates.isEmpty()) {
            UpdateProperties update = transaction.updateProperties();
            plan.propertyUpdates.forEach(update::set);
            update.commit();
        }
        transaction.commitTransaction();
        LOG.info("Evolved table {}: {}", identifier, plan.changes);
        return EnsureResult.evolved(identifier, plan.changes);
    }

    private static void ensureNamespace(Catalog catalog, Namespace namespace) {
        if (!(catalog instanceof SupportsNamespaces)) {
            return; // catalogs without namespaces create tables anywhere
        }
        SupportsNamespaces namespaces = (SupportsNamespaces) catalog;
        if (!namespaces.namespaceExists(namespace)) {
            try {
                namespaces.createNamespace(namespace, Map.of());
                LOG.info("Created namespace {}", namespace);
            } catch (AlreadyExistsException race) {
                // created concurrently: fine
            }
        }
    }

    // ---------------------------------------------------------------------------------------------
    // planning: collect every change and every problem first, commit nothing until all are known

    private static final class Plan {
        private final List<String> changes = new ArrayList<>();
        private final List<String> problems = new ArrayList<>();
        private final List<Consumer<UpdateSchema>> schemaUpdates = new ArrayList<>();
        private final Map<String, String> propertyUpdates = new TreeMap<>();
        private SortOrder sortOrder;
    }

    private static void planSchema(Schema current, Schema wanted, Plan plan) {
        planStruct(null, current.asStruct(), wanted.asStruct(), plan);

        Set<String> currentIds = current.identifierFieldNames();
        Set<String> wantedIds = wanted.identifierFieldNames();
        if (!currentIds.equals(wantedIds)) {
            plan.schemaUpdates.add(update -> update.setIdentifierFields(wantedIds));
            plan.changes.add(
                    "set identifier fields "
                            + sorted(wantedIds)
                            + " (was "
                            + sorted(currentIds)
                            + ")");
        }
    }

    private static void planStruct(
            String parent, Types.StructType current, Types.StructType wanted, Plan plan) {
        for (Types.NestedField field : wanted.fields()) {
            String path = parent == null ? field.name() : parent + "." + field.name();
            Types.NestedField existing = current.field(field.name());

            if (existing == null) {
                if (field.isRequired()) {
                    plan.problems.add(
                            "required column "
                                    + path
                                    + " is missing from the table; existing rows have no value for"
                                    + " it, so it can only be added as optional");
                } else {
                    plan.schemaUpdates.add(
                            update ->
                                    update.addColumn(
                                            parent, field.name(), field.type(), field.doc()));
                    plan.changes.add("added column " + path + " (" + field.type() + ")");
                }
                continue;
            }

            if (existing.type().isStructType() && field.type().isStructType()) {
                planStruct(path, existing.type().asStructType(), field.type().asStructType(), plan);
            } else if (!sameType(existing.type(), field.type())) {
                plan.problems.add(
                        "column "
                                + path
                                + " is "
                                + existing.type()
                                + " in the table but "
                                + field.type()
                                + " in the definition; columns are never retyped");
            }

            if (existing.isRequired() && field.isOptional()) {
                plan.schemaUpdates.add(update -> update.makeColumnOptional(path));
                plan.changes.add("made column " + path + " optional");
            } else if (existing.isOptional() && field.isRequired()) {
                plan.problems.add(
                        "column "
                                + path
                                + " is optional in the table but required in the definition;"
                                + " existing rows may hold nulls");
            }

            if (field.doc() != null && !field.doc().equals(existing.doc())) {
                plan.schemaUpdates.add(update -> update.updateColumnDoc(path, field.doc()));
                plan.changes.add("updated doc of column " + path);
            }
        }
        // Columns present in the table but not in the definition stay: evolution never drops.
    }

    /** Type equality ignoring field ids and docs (ids of nested fields differ across tables). */
    static boolean sameType(Type left, Type right) {
        if (left.isPrimitiveType() || right.isPrimitiveType()) {
            return left.equals(right);
        }
        if (left.typeId() != right.typeId()) {
            return false;
        }
        switch (left.typeId()) {
            case STRUCT:
                List<Types.NestedField> leftFields = left.asStructType().fields();
                List<Types.NestedField> rightFields = right.asStructType().fields();
                if (leftFields.size() != rightFields.size()) {
                    return false;
                }
                for (int i = 0; i < leftFields.size(); i++) {
                    Types.NestedField l = leftFields.get(i);
                    Types.NestedField r = rightFields.get(i);
                    if (!l.name().equals(r.name())
                            || l.isOptional() != r.isOptional()
                            || !sameType(l.type(), r.type())) {
                        return false;
                    }
                }
                return true;
            case LIST:
                return left.asListType().isElementOptional()
                                == right.asListType().isElementOptional()
                        && sameType(
                                left.asListType().elementType(), right.asListType().elementType());
            case MAP:
                return left.asMapType().isValueOptional() == right.asMapType().isValueOptional()
                        && sameType(left.asMapType().keyType(), right.asMapType().keyType())
                        && sameType(left.asMapType().valueType(), right.asMapType().valueType());
            default:
                return left.equals(right);
        }
    }

    private static void planSpec(PartitionSpec current, PartitionSpec wanted, Plan plan) {
        List<String> currentFields = describe(current);
        List<String> wantedFields = describe(wanted);
        if (!currentFields.equals(wantedFields)) {
            // Iceberg can evolve a spec, but the jobs' overwrite granularity depends on it: a
            // change is
            // a deliberate migration, not something to apply on the side.
            plan.problems.add(
                    "partition spec is "
                            + currentFields
                            + " in the table but "
                            + wantedFields
                            + " in the definition; partitioning is never changed automatically");
        }
    }

    private static void planSortOrder(SortOrder current, SortOrder wanted, Plan plan) {
        List<String> currentFields = describe(current);
        List<String> wantedFields = describe(wanted);
        if (!currentFields.equals(wantedFields)) {
            plan.sortOrder = wanted;
            plan.changes.add("set sort order " + wantedFields + " (was " + currentFields + ")");
        }
    }

    private static void planProperties(Table table, TableDefinition definition, Plan plan) {
        Map<String, String> current = table.properties();
        for (Map.Entry<String, String> entry : definition.properties().entrySet()) {
            String key = entry.getKey();
            String value = entry.getValue();
            if (TableProperties.FORMAT_VERSION.equals(key)) {
                // Reserved: not stored as a property but as the metadata's format version.
                planFormatVersion(table, definition.formatVersion(), plan);
            } else if (!value.equals(current.get(key))) {
                plan.propertyUpdates.put(key, value);
                plan.changes.add(
                        current.containsKey(key)
                                ? "set property "
                                        + key
                                        + "="
                                        + value
                                        + " (was "
                                        + current.get(key)
                                        + ")"
                                : "set property " + key + "=" + value);
            }
        }
    }

    private static void planFormatVersion(Table table, int wanted, Plan plan) {
        int current = formatVersion(table);
        if (current < wanted) {
            plan.propertyUpdates.put(TableProperties.FORMAT_VERSION, Integer.toString(wanted));
            plan.changes.add("upgraded format-version " + current + " -> " + wanted);
        } else if (current > wanted) {
            plan.problems.add(
                    "table is format-version "
                            + current
                            + " but the definition wants "
                            + wanted
                            + "; format versions are never downgraded");
        }
    }

    /** The table's format version (a metadata field, not a property). */
    public static int formatVersion(Table table) {
        if (table instanceof HasTableOperations) {
            return ((HasTableOperations) table).operations().current().formatVersion();
        }
        throw new IllegalArgumentException("cannot read the format version of " + table.name());
    }

    // ---------------------------------------------------------------------------------------------
    // descriptions by column name: ids of the same column may differ between code and table

    /** Partition fields as {@code transform(column) as name}, e.g. {@code day(ts) as ts_day}. */
    public static List<String> describe(PartitionSpec spec) {
        Schema schema = spec.schema();
        return spec.fields().stream()
                .map(
                        (PartitionField f) ->
                                f.transform()
                                        + "("
                                        + schema.findColumnName(f.sourceId())
                                        + ") as "
                                        + f.name())
                .collect(Collectors.toList());
    }

    /**
     * Sort fields as {@code column ASC NULLS FIRST}, with the transform when it is not identity.
     */
    public static List<String> describe(SortOrder order) {
        Schema schema = order.schema();
        return order.fields().stream()
                .map(
                        (SortField f) -> {
                            String column = schema.findColumnName(f.sourceId());
                            String term =
                                    f.transform().isIdentity()
                                            ? column
                                            : f.transform() + "(" + column + ")";
                            return term + " " + f.direction() + " " + f.nullOrder();
                        })
                .collect(Collectors.toList());
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void applySortOrder(ReplaceSortOrder replace, SortOrder order) {
        Schema schema = order.schema();
        for (SortField field : order.fields()) {
            String column = schema.findColumnName(field.sourceId());
            Transform transform = field.transform();
            Term term =
                    transform.isIdentity()
                            ? Expressions.ref(column)
                            : Expressions.transform(column, transform);
            if (field.direction() == SortDirection.ASC) {
                replace.asc(term, field.nullOrder());
            } else {
                replace.desc(term, field.nullOrder());
            }
        }
    }

    private static List<String> sorted(Set<String> names) {
        return names.stream().sorted().collect(Collectors.toList());
    }
}
