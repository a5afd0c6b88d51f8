package io.metrics.lakehouse.batch;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.hadoop.conf.Configuration;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Table;
import org.apache.iceberg.io.CloseableIterable;
import org.apache.parquet.column.Encoding;
import org.apache.parquet.hadoop.ParquetFileReader;
import org.apache.parquet.hadoop.metadata.BlockMetaData;
import org.apache.parquet.hadoop.metadata.ColumnChunkMetaData;
import org.apache.parquet.hadoop.util.HadoopInputFile;

/**
 * Which Parquet encodings the writer chose per column, read from the footer of a table's largest data
 * file (copied out of the object store): answers "did the dictionary overflow to PLAIN, is DELTA used".
 */
final class ParquetEncodings {

    private ParquetEncodings() {
    }

    /** One line per column: data-page encodings (dictionary pages are always PLAIN / PLAIN_DICTIONARY). */
    static String ofLargestFile(Table table) {
        DataFile largest = null;
        try (CloseableIterable<FileScanTask> tasks = table.newScan().planFiles()) {
            for (FileScanTask task : tasks) {
                if (largest == null || task.file().fileSizeInBytes() > largest.fileSizeInBytes()) {
                    largest = task.file();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (largest == null) {
            return "    (no data files)\n";
        }
        try {
            Path local = Files.createTempFile("layout", ".parquet");
            try {
                try (InputStream in = table.io().newInputFile(largest.location()).newStream()) {
                    Files.copy(in, local, StandardCopyOption.REPLACE_EXISTING);
                }
                return describe(local);
            } finally {
                Files.deleteIfExists(local);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String describe(Path file) throws IOException {
        Map<String, Set<Encoding>> encodings = new TreeMap<>();
        int rowGroups;
        try (ParquetFileReader reader = ParquetFileReader.open(HadoopInputFile.fromPath(
                new org.apache.hadoop.fs.Path(file.toUri()), new Configuration()))) {
            rowGroups = reader.getFooter().getBlocks().size();
            for (BlockMetaData block : reader.getFooter().getBlocks()) {
                for (ColumnChunkMetaData column : block.getColumns()) {
                    Set<Encoding> used = encodings.computeIfAbsent(column.getPath().toDotString(), k -> new TreeSet<>());
                    if (column.getEncodingStats() != null) {
                        used.addAll(column.getEncodingStats().getDataEncodings());
                    } else {
                        used.addAll(column.getEncodings());
                    }
                }
            }
        }
        StringBuilder out = new StringBuilder(String.format("    data-page encodings (largest file, %d row group(s)):%n",
                rowGroups));
        encodings.forEach((column, used) -> out.append(String.format("      %-22s %s%n", column, used)));
        return out.toString();
    }
}
