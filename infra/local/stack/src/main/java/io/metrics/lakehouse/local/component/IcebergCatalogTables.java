package io.metrics.lakehouse.local.component;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.inmemory.InMemoryFileIO;
import org.apache.iceberg.jdbc.JdbcCatalog;

/**
 * Creates the Iceberg JDBC catalog's own SQL tables ({@code iceberg_tables},
 * {@code iceberg_namespace_properties}) in PostgreSQL. Iceberg's JdbcCatalog does that when it is first
 * initialised; Trino's does not, so Trino fails until some Iceberg client has run. The stack runs one at
 * start so that Trino works on a fresh data directory.
 */
public final class IcebergCatalogTables {

    private IcebergCatalogTables() {
    }

    public static void ensure(String catalogName, Map<String, String> catalogProperties) throws IOException {
        Map<String, String> props = new HashMap<>(catalogProperties);
        // Creating the SQL tables touches no file: an in-memory FileIO keeps S3 clients out of it.
        props.put(CatalogProperties.FILE_IO_IMPL, InMemoryFileIO.class.getName());
        props.put("jdbc.init-catalog-tables", "true");
        try (JdbcCatalog catalog = new JdbcCatalog()) {
            catalog.initialize(catalogName, props);
        } catch (RuntimeException e) {
            throw new IOException("initialising the Iceberg JDBC catalog tables: " + e.getMessage(), e);
        }
    }
}
