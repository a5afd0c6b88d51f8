package io.metrics.lakehouse.spark;

import java.util.LinkedHashMap;
import java.util.Map;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * Builds the SparkSession every Spark application of the product uses: the Iceberg SQL extensions, the
 * product's Iceberg catalog under its shared name, UTC, and dynamic partition overwrite (so a rollup
 * re-run replaces exactly the partitions it computed).
 *
 * <p>On a cluster, {@code spark-submit} supplies master and resources; {@link #local} adds what a
 * single 2-core machine needs (local[2], few shuffle partitions, no UI, loopback only).
 */
public final class SparkSessions {

    private SparkSessions() {
    }

    /** Spark settings that register an Iceberg catalog named {@code catalogName} with the given properties. */
    public static Map<String, String> icebergCatalogConf(String catalogName, Map<String, String> catalogProperties) {
        Map<String, String> conf = new LinkedHashMap<>();
        String prefix = "spark.sql.catalog." + catalogName;
        conf.put(prefix, "org.apache.iceberg.spark.SparkCatalog");
        catalogProperties.forEach((key, value) -> conf.put(prefix + "." + key, value));
        return conf;
    }

    /** Settings every product session has, wherever it runs. */
    public static Map<String, String> productConf() {
        Map<String, String> conf = new LinkedHashMap<>();
        conf.put("spark.sql.extensions", "org.apache.iceberg.spark.extensions.IcebergSparkSessionExtensions");
        conf.put("spark.sql.session.timeZone", "UTC");
        conf.put("spark.sql.sources.partitionOverwriteMode", "dynamic");
        return conf;
    }

    /** Settings of Spark's local mode on one small machine. */
    public static Map<String, String> localConf(int cores) {
        Map<String, String> conf = new LinkedHashMap<>();
        conf.put("spark.master", "local[" + cores + "]");
        conf.put("spark.ui.enabled", "false");
        conf.put("spark.driver.bindAddress", "127.0.0.1");
        conf.put("spark.driver.host", "127.0.0.1");
        conf.put("spark.sql.shuffle.partitions", Integer.toString(Math.max(2, cores * 2)));
        conf.put("spark.default.parallelism", Integer.toString(Math.max(2, cores * 2)));
        conf.put("spark.sql.adaptive.enabled", "true");
        return conf;
    }

    /** A session for a cluster: master and resources come from spark-submit. */
    public static SparkSession cluster(String appName, String catalogName, Map<String, String> catalogProperties) {
        return build(appName, merge(productConf(), icebergCatalogConf(catalogName, catalogProperties)));
    }

    /** A local-mode session (the embedded default and tests). */
    public static SparkSession local(String appName, String catalogName, Map<String, String> catalogProperties) {
        Map<String, String> conf = merge(productConf(), icebergCatalogConf(catalogName, catalogProperties));
        conf.putAll(localConf(2));
        return build(appName, conf);
    }

    private static Map<String, String> merge(Map<String, String> a, Map<String, String> b) {
        Map<String, String> merged = new LinkedHashMap<>(a);
        merged.putAll(b);
        return merged;
    }

    private static SparkSession build(String appName, Map<String, String> conf) {
        SparkConf sparkConf = new SparkConf().setAppName(appName);
        conf.forEach(sparkConf::set);
        return SparkSession.builder().config(sparkConf).getOrCreate();
    }
}
