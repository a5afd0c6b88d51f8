package io.metrics.lakehouse.schemas;

import io.metrics.lakehouse.local.StackEndpoints;

import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileFormat;
import org.apache.iceberg.HasTableOperations;
import org.apache.iceberg.PartitionKey;
import org.apache.iceberg.Table;
import org.apache.iceberg.catalog.Catalog;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.SupportsNamespaces;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.data.GenericFileWriterFactory;
import org.apache.iceberg.data.InternalRecordWrapper;
import org.apache.iceberg.data.Record;
import org.apache.iceberg.encryption.EncryptedOutputFile;
import org.apache.iceberg.io.DataWriter;
import org.apache.iceberg.io.OutputFileFactory;

import java.io.Closeable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.UUID;

/** Helpers for tests against the local stack's real catalog (JDBC on PostgreSQL, S3Proxy). */
public final class TestCatalogs {

    private TestCatalogs() {}

    /** The stack's Iceberg catalog, built the way production code builds it. */
    public static Catalog open(StackEndpoints stack) {
        return IcebergCatalogs.load(stack.icebergCatalogName(), stack.icebergCatalogProperties());
    }

    /** A namespace no other test uses, so tests never see each other's tables. */
    public static Namespace throwAwayNamespace() {
        return Namespace.of(
                "metrics_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12));
    }

    /** Drops the namespace's tables (with their files) and the namespace. */
    public static void dropNamespace(Catalog catalog, Namespace namespace) {
        SupportsNamespaces namespaces = (SupportsNamespaces) catalog;
        if (!namespaces.namespaceExists(namespace)) {
            return;
        }
        for (TableIdentifier table : catalog.listTables(namespace)) {
            catalog.dropTable(table, true);
        }
        namespaces.dropNamespace(namespace);
    }

    public static void close(Catalog catalog) {
        if (catalog instanceof Closeable) {
            try {
                ((Closeable) catalog).close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** The location of the table's current metadata file: changes with every commit. */
    public static String metadataLocation(Table table) {
        return ((HasTableOperations) table).operations().current().metadataFileLocation();
    }

    /**
     * Appends records that all fall in one partition as one data file, in one commit. Writes Avro:
     * Iceberg's Parquet writer needs Hadoop, which this module does not carry; the table does not
     * care which format a data file has.
     */
    public static DataFile append(Table table, List<Record> records) throws IOException {
        OutputFileFactory files =
                OutputFileFactory.builderFor(table, 1, 1).format(FileFormat.AVRO).build();
        GenericFileWriterFactory writers =
                new GenericFileWriterFactory.Builder(table).dataFileFormat(FileFormat.AVRO).build();
        PartitionKey partition = new PartitionKey(table.spec(), table.schema());
        partition.partition(
                new InternalRecordWrapper(table.schema().asStruct()).wrap(records.get(0)));

        // Unpartitioned: no partition path at all (with one, the key gets a "//" that S3Proxy's
        // HTTP
        // server normalizes away, so the request signature no longer matches).
        EncryptedOutputFile file =
                table.spec().isUnpartitioned()
                        ? files.newOutputFile()
                        : files.newOutputFile(table.spec(), partition);
        DataWriter<Record> writer =
                writers.newDataWriter(
                        file, table.spec(), table.spec().isUnpartitioned() ? null : partition);
        try (writer) {
            records.forEach(writer::write);
        }
        DataFile dataFile = writer.toDataFile();
        table.newAppend().appendFile(dataFile).commit();
        return dataFile;
    }
}
