package io.metrics.lakehouse.batch;

import io.airlift.slice.Slices;
import io.airlift.stats.TDigest;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.api.java.UDF1;
import org.apache.spark.sql.types.DataTypes;
import scala.collection.Iterator;
import scala.collection.Seq;

/**
 * The Spark SQL functions that build and merge the rollups' quantile sketch: Trino's t-digest
 * ({@code io.airlift.stats.TDigest}, default compression 100) serialized with {@code serialize()}, so
 * that Trino reads the column with {@code CAST(sketch AS tdigest)}.
 *
 * <p>A t-digest depends on the order its values arrive in: both functions take an array the caller has
 * sorted (by time), so that a re-run produces the same bytes and the same partition checksum.
 */
public final class SketchFunctions {

    /** {@code batch_tdigest_of(array<double>) -> binary}: the digest of the values, added in array order. */
    public static final String OF_VALUES = "batch_tdigest_of";

    /** {@code batch_tdigest_merge(array<binary>) -> binary}: the merge of serialized digests, in array order. */
    public static final String MERGE_ALL = "batch_tdigest_merge";

    private SketchFunctions() {
    }

    static void register(SparkSession spark) {
        spark.udf().register(OF_VALUES, new OfValues(), DataTypes.BinaryType);
        spark.udf().register(MERGE_ALL, new MergeAll(), DataTypes.BinaryType);
    }

    static byte[] serialize(TDigest digest) {
        return digest.serialize().getBytes();
    }

    static TDigest deserialize(byte[] bytes) {
        return TDigest.deserialize(Slices.wrappedBuffer(bytes));
    }

    static final class OfValues implements UDF1<Seq<Object>, byte[]> {
        private static final long serialVersionUID = 1L;

        @Override
        public byte[] call(Seq<Object> values) {
            if (values == null || values.isEmpty()) {
                return null;
            }
            TDigest digest = new TDigest();
            for (Iterator<Object> it = values.iterator(); it.hasNext(); ) {
                digest.add((Double) it.next());
            }
            return serialize(digest);
        }
    }

    static final class MergeAll implements UDF1<Seq<Object>, byte[]> {
        private static final long serialVersionUID = 1L;

        @Override
        public byte[] call(Seq<Object> sketches) {
            TDigest merged = null;
            if (sketches != null) {
                for (Iterator<Object> it = sketches.iterator(); it.hasNext(); ) {
                    byte[] bytes = (byte[]) it.next();
                    if (bytes == null) {
                        continue;
                    }
                    if (merged == null) {
                        merged = deserialize(bytes);
                    } else {
                        merged.mergeWith(deserialize(bytes));
                    }
                }
            }
            return merged == null ? null : serialize(merged);
        }
    }
}
