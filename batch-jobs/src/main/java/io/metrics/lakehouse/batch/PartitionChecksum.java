package io.metrics.lakehouse.batch;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * The checksum of a rollup partition: SHA-256 (lowercase hex) of its rows in canonical text, sorted by
 * (metric, series_id, bucket_start). One line per row, terminated by {@code \n}, UTF-8; the table's
 * columns in table order (metric, metric_type, series_id, bucket_start, count, sum, min, max, first,
 * last, first_ts, last_ts, counter_increase, sketch; a table created before tags moved to {@code series}
 * also has {@code tags} after series_id, null in rows written since), separated by {@code \t}:
 * <ul>
 * <li>null: {@code \N};</li>
 * <li>string: the text, with {@code \} {@code TAB} {@code LF} escaped as {@code \\ \t \n};</li>
 * <li>bigint: decimal;</li>
 * <li>double: the 16 lowercase hex digits of its IEEE 754 bits ({@code Double.doubleToLongBits}):
 * exact, no decimal formatting to agree on;</li>
 * <li>timestamp: microseconds since the epoch (UTC), decimal;</li>
 * <li>tags: entries sorted by key, {@code key=value} joined by {@code ,}, with {@code = ,} also
 * backslash-escaped (the empty map is the empty string);</li>
 * <li>sketch: the serialized t-digest bytes in lowercase hex.</li>
 * </ul>
 * Exact bits rather than rounded text: a checksum is for detecting any change, and the rollup
 * computation is deterministic (values are folded in time order), so a re-run gives the same bits.
 */
public final class PartitionChecksum {

    /** The columns a partition is sorted by before hashing. */
    public static final String[] SORT_COLUMNS = {"metric", "series_id", "bucket_start"};

    private final MessageDigest sha256;
    private long rows;

    public PartitionChecksum() {
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** Hashes sorted rows (the caller sorts by {@link #SORT_COLUMNS}). */
    public static PartitionChecksum of(Iterator<Row> sortedRows) {
        PartitionChecksum checksum = new PartitionChecksum();
        sortedRows.forEachRemaining(checksum::add);
        return checksum;
    }

    public void add(Row row) {
        sha256.update(canonicalLine(row).getBytes(StandardCharsets.UTF_8));
        rows++;
    }

    public long rows() {
        return rows;
    }

    public String hex() {
        try {
            return HexFormat.of().formatHex(((MessageDigest) sha256.clone()).digest());
        } catch (CloneNotSupportedException e) {
            throw new IllegalStateException("SHA-256 digests are cloneable", e);
        }
    }

    /** The canonical text of one row, with its line terminator. */
    public static String canonicalLine(Row row) {
        StructType schema = row.schema();
        StringBuilder line = new StringBuilder(256);
        StructField[] fields = schema.fields();
        for (int i = 0; i < fields.length; i++) {
            if (i > 0) {
                line.append('\t');
            }
            line.append(row.isNullAt(i) ? "\\N" : canonicalValue(row, i));
        }
        return line.append('\n').toString();
    }

    private static String canonicalValue(Row row, int i) {
        Object value = row.get(i);
        if (value instanceof String s) {
            return escape(s, false);
        }
        if (value instanceof Double d) {
            return String.format("%016x", Double.doubleToLongBits(d));
        }
        if (value instanceof Long || value instanceof Integer) {
            return value.toString();
        }
        if (value instanceof Timestamp || value instanceof Instant) {
            Instant instant = value instanceof Timestamp t ? t.toInstant() : (Instant) value;
            return Long.toString(Math.addExact(Math.multiplyExact(instant.getEpochSecond(), 1_000_000L),
                    instant.getNano() / 1_000));
        }
        if (value instanceof byte[] bytes) {
            return HexFormat.of().formatHex(bytes);
        }
        if (value instanceof scala.collection.Map<?, ?>) {
            Map<String, String> sorted = new TreeMap<>(row.<String, String>getJavaMap(i));
            StringBuilder tags = new StringBuilder();
            sorted.forEach((k, v) -> {
                if (!tags.isEmpty()) {
                    tags.append(',');
                }
                tags.append(escape(k, true)).append('=').append(v == null ? "\\N" : escape(v, true));
            });
            return tags.toString();
        }
        throw new IllegalArgumentException("no canonical form for " + value.getClass().getName()
                + " in column " + row.schema().fields()[i].name());
    }

    private static String escape(String s, boolean inTags) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '=', ',' -> out.append(inTags ? "\\" + c : String.valueOf(c));
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
