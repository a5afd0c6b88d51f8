package io.metrics.lakehouse.schemas;

import org.apache.iceberg.CatalogProperties;
import org.apache.iceberg.CatalogUtil;
import org.apache.iceberg.catalog.Catalog;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Builds an Iceberg {@link Catalog} from a name and standard Iceberg catalog properties ({@code
 * type}, {@code uri}, {@code warehouse}, {@code io-impl}, {@code s3.*}, {@code jdbc.*}, ...), the
 * same keys Spark's {@code spark.sql.catalog.<name>.*} takes.
 *
 * <p>The catalog name matters for the JDBC catalog: it is stored with every table (column {@code
 * catalog_name}), and Spark and Trino only see each other's tables under the same name. The
 * product's name is {@link #DEFAULT_NAME}.
 */
public final class IcebergCatalogs {

    /** The catalog name shared by Spark, Trino and this module. */
    public static final String DEFAULT_NAME = "iceberg";

    /** FileIO used when none is configured and the warehouse is on S3. */
    public static final String S3_FILE_IO = "org.apache.iceberg.aws.s3.S3FileIO";

    private IcebergCatalogs() {}

    /**
     * Validates the properties (see {@link #withDefaults}) and builds the catalog. The caller owns
     * the catalog: close it (when {@link java.io.Closeable}) to release connections.
     *
     * @throws IllegalArgumentException with a one-line message when a required property is missing
     */
    public static Catalog load(String name, Map<String, String> properties) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("catalog name must not be empty");
        }
        Map<String, String> complete = withDefaults(properties);
        // No Hadoop configuration: S3FileIO and the JDBC/REST catalogs do not need one.
        return CatalogUtil.buildIcebergCatalog(name, complete, null);
    }

    /**
     * Checks that the properties are enough to build a catalog and fills in defaults: {@code
     * io-impl} is {@link #S3_FILE_IO} when the warehouse is an {@code s3://} location (Iceberg
     * would otherwise pick HadoopFileIO, which needs Hadoop on the class path).
     */
    public static Map<String, String> withDefaults(Map<String, String> properties) {
        Map<String, String> props = new TreeMap<>(properties);
        String type = props.get(CatalogUtil.ICEBERG_CATALOG_TYPE);
        String impl = props.get(CatalogProperties.CATALOG_IMPL);
        if (isBlank(type) && isBlank(impl)) {
            throw new IllegalArgumentException(
                    "catalog property 'type' (e.g. jdbc, rest, glue) or 'catalog-impl' is"
                        + " required");
        }
        if (CatalogUtil.ICEBERG_CATALOG_TYPE_JDBC.equalsIgnoreCase(type)
                || CatalogUtil.ICEBERG_CATALOG_TYPE_REST.equalsIgnoreCase(type)) {
            require(props, CatalogProperties.URI, "a " + type + " catalog");
        }
        if (CatalogUtil.ICEBERG_CATALOG_TYPE_JDBC.equalsIgnoreCase(type)) {
            String uri = props.get(CatalogProperties.URI);
            if (!uri.startsWith("jdbc:")) {
                throw new IllegalArgumentException(
                        "catalog property 'uri' must be a JDBC URL (jdbc:postgresql://...), got: "
                                + uri);
            }
            require(props, CatalogProperties.WAREHOUSE_LOCATION, "a jdbc catalog");
        }
        String warehouse = props.getOrDefault(CatalogProperties.WAREHOUSE_LOCATION, "");
        if (!props.containsKey(CatalogProperties.FILE_IO_IMPL)
                && (warehouse.startsWith("s3://") || warehouse.startsWith("s3a://"))) {
            props.put(CatalogProperties.FILE_IO_IMPL, S3_FILE_IO);
        }
        return props;
    }

    /** Reads a Java properties file (UTF-8) of catalog properties. */
    public static Map<String, String> readProperties(Path file) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new IllegalArgumentException(
                    "cannot read catalog config "
                            + file
                            + ": "
                            + e.getClass().getSimpleName()
                            + " "
                            + e.getMessage(),
                    e);
        }
        Map<String, String> result = new TreeMap<>();
        properties
                .stringPropertyNames()
                .forEach(key -> result.put(key, properties.getProperty(key).trim()));
        return result;
    }

    private static void require(Map<String, String> props, String key, String what) {
        if (isBlank(props.get(key))) {
            throw new IllegalArgumentException(
                    "catalog property '" + key + "' is required for " + what);
        }
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
