package io.metrics.lakehouse.batch;

import java.util.Map;
import java.util.TreeMap;
import org.apache.iceberg.DataFile;
import org.apache.iceberg.FileScanTask;
import org.apache.iceberg.Schema;
import org.apache.iceberg.Table;
import org.apache.iceberg.io.CloseableIterable;

/**
 * What a table's current snapshot holds on disk, from Iceberg's own metadata (the same numbers as
 * Trino's {@code "table$files"}): data files, their bytes and records, and the compressed bytes of each
 * column summed over the files ({@code column_sizes}, by column path).
 */
record TableFootprint(String table, int files, long bytes, long records, Map<String, Long> columnBytes) {

    static TableFootprint of(String name, Table table) {
        table.refresh();
        Schema schema = table.schema();
        int files = 0;
        long bytes = 0;
        long records = 0;
        Map<String, Long> columns = new TreeMap<>();
        if (table.currentSnapshot() != null) {
            try (CloseableIterable<FileScanTask> tasks = table.newScan().includeColumnStats().planFiles()) {
                for (FileScanTask task : tasks) {
                    DataFile file = task.file();
                    files++;
                    bytes += file.fileSizeInBytes();
                    records += file.recordCount();
                    if (file.columnSizes() != null) {
                        file.columnSizes().forEach((id, size) -> {
                            String column = schema.findColumnName(id);
                            columns.merge(column == null ? "#" + id : column, size, Long::sum);
                        });
                    }
                }
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return new TableFootprint(name, files, bytes, records, columns);
    }

    double bytesPerRecord() {
        return records == 0 ? 0 : (double) bytes / records;
    }

    /** One line: files, bytes, rows, bytes/row, and bytes per {@code rawPoints} raw point covered. */
    String summary(long rawPoints) {
        return String.format("%-16s files=%3d bytes=%,13d rows=%,11d bytes/row=%7.3f bytes/raw-point=%6.3f",
                table, files, bytes, records, bytesPerRecord(), rawPoints == 0 ? 0 : (double) bytes / rawPoints);
    }

    /** Per column: bytes/row and share of the column bytes, largest first. */
    String columns() {
        long total = columnBytes.values().stream().mapToLong(Long::longValue).sum();
        StringBuilder out = new StringBuilder();
        columnBytes.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(e -> out.append(String.format("    %-18s %,13d B  %7.3f B/row  %5.1f%%%n", e.getKey(),
                        e.getValue(), records == 0 ? 0 : (double) e.getValue() / records,
                        total == 0 ? 0 : 100.0 * e.getValue() / total)));
        return out.toString();
    }
}
