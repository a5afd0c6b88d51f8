package io.metrics.lakehouse.schemas.cli;

import io.metrics.lakehouse.schemas.IcebergCatalogs;

import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;

import picocli.CommandLine.Option;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/** Where the catalog is: a properties file and/or single properties, plus name and namespace. */
final class CatalogOptions {

    @Option(
            names = "--catalog-config",
            paramLabel = "FILE",
            description =
                    "Java properties file of Iceberg catalog properties (type, uri, warehouse,"
                        + " ...).")
    Path configFile;

    @Option(
            names = "--catalog-property",
            paramLabel = "KEY=VALUE",
            description = "One Iceberg catalog property; repeatable; overrides the file.")
    Map<String, String> overrides = new LinkedHashMap<>();

    @Option(
            names = "--catalog-name",
            paramLabel = "NAME",
            defaultValue = IcebergCatalogs.DEFAULT_NAME,
            description =
                    "Catalog name (default: ${DEFAULT-VALUE}). Spark and Trino must use the same"
                        + " name to see the same JDBC catalog tables.")
    String catalogName;

    @Option(
            names = "--namespace",
            paramLabel = "NAMESPACE",
            defaultValue = "metrics",
            description =
                    "Namespace of the tables (default: ${DEFAULT-VALUE}); levels separated by"
                        + " dots.")
    String namespace;

    /** The catalog properties: the file's, then the single overrides. */
    Map<String, String> properties() {
        if (configFile == null && overrides.isEmpty()) {
            throw new IllegalArgumentException(
                    "no catalog configuration: pass --catalog-config FILE and/or --catalog-property"
                        + " KEY=VALUE");
        }
        Map<String, String> properties = new TreeMap<>();
        if (configFile != null) {
            properties.putAll(IcebergCatalogs.readProperties(configFile));
        }
        properties.putAll(overrides);
        return properties;
    }

    Namespace namespace() {
        if (namespace.isBlank()) {
            throw new IllegalArgumentException("--namespace must not be empty");
        }
        return Namespace.of(namespace.split("\\."));
    }

    /** Opens the catalog; close the handle to release its connections. */
    OpenCatalog open() {
        return new OpenCatalog(IcebergCatalogs.load(catalogName, properties()));
    }

    /** A catalog with try-with-resources support (not every catalog is Closeable). */
    static final class OpenCatalog implements Closeable {
        private final Catalog catalog;

        OpenCatalog(Catalog catalog) {
            this.catalog = catalog;
        }

        Catalog catalog() {
            return catalog;
        }

        @Override
        public void close() {
            if (catalog instanceof Closeable) {
                try {
                    ((Closeable) catalog).close();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
    }
}
