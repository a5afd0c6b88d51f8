package io.metrics.lakehouse.speed;

import io.metrics.lakehouse.schemas.MetricsTables.Columns;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

/**
 * The schema of decoded points inside a micro-batch: the columns of {@code raw_points} plus where the
 * point came from in Kafka (to pick a deterministic winner among duplicates) and, for a record that
 * could not be used, why.
 *
 * <p>The identity and value columns are declared non-nullable so that Spark's plan proves what
 * Iceberg requires of {@code raw_points} (required metric, series_id, ts, value): no
 * {@code check-nullability} switch is needed. A rejected record therefore carries placeholder values
 * in them and a non-null {@link #ERROR_REASON}; it is split off right after decoding.
 */
public final class PointColumns {

    public static final String KAFKA_PARTITION = "kafka_partition";
    public static final String KAFKA_OFFSET = "kafka_offset";
    /** Position of the sample inside its record: the last tie-breaker between duplicates. */
    public static final String SAMPLE_INDEX = "sample_index";
    /** Null for a usable point; the reason (undecodable, invalid_batch, invalid_value) otherwise. */
    public static final String ERROR_REASON = "error_reason";
    public static final String ERROR_DETAIL = "error_detail";

    /**
     * Columns of {@code raw_points}, in table order. The decoded points also carry their series' tags
     * ({@link #SCHEMA}), which go to the {@code series} table, not to raw_points.
     */
    public static final String[] RAW_POINT_COLUMNS = {
        Columns.METRIC, Columns.METRIC_TYPE, Columns.SERIES_ID, Columns.TS, Columns.VALUE,
        Columns.INGESTED_AT, Columns.SOURCE, Columns.BATCH_ID};

    public static final StructType SCHEMA = new StructType()
            .add(Columns.METRIC, DataTypes.StringType, false)
            .add(Columns.METRIC_TYPE, DataTypes.StringType, true)
            .add(Columns.SERIES_ID, DataTypes.LongType, false)
            .add(Columns.TAGS, DataTypes.createMapType(DataTypes.StringType, DataTypes.StringType, true), true)
            .add(Columns.TS, DataTypes.TimestampType, false)
            .add(Columns.VALUE, DataTypes.DoubleType, false)
            .add(Columns.INGESTED_AT, DataTypes.TimestampType, true)
            .add(Columns.SOURCE, DataTypes.StringType, true)
            .add(Columns.BATCH_ID, DataTypes.StringType, true)
            .add(KAFKA_PARTITION, DataTypes.IntegerType, false)
            .add(KAFKA_OFFSET, DataTypes.LongType, false)
            .add(SAMPLE_INDEX, DataTypes.IntegerType, false)
            .add(ERROR_REASON, DataTypes.StringType, true)
            .add(ERROR_DETAIL, DataTypes.StringType, true);

    private PointColumns() {
    }
}
