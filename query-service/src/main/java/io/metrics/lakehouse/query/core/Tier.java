package io.metrics.lakehouse.query.core;

/** Where a sub-range of a query is read from. */
public enum Tier {
    /** {@code raw_points}: every point, 7 days; for steps under a minute. */
    RAW("raw", "raw_points", 1),
    /** {@code speed_rollup_1m}: provisional minutes of the speed layer, for hours the batch has not completed. */
    SPEED_1M("speed_1m", "speed_rollup_1m", 60),
    /** {@code rollup_1m}: authoritative minutes, hours logged complete in {@code rollup_partition_log}. */
    ROLLUP_1M("rollup_1m", "rollup_1m", 60),
    /** {@code rollup_1h}: authoritative hours, beyond the minute retention. */
    ROLLUP_1H("rollup_1h", "rollup_1h", 3600),
    /**
     * query-service's own window of the last hours of points, read from the points topic: answers a
     * query whose parts (below the hourly tier) all lie inside it; no table.
     */
    RECENT("recent", null, 1);

    private final String wireName;
    private final String table;
    private final long resolutionSeconds;

    Tier(String wireName, String table, long resolutionSeconds) {
        this.wireName = wireName;
        this.table = table;
        this.resolutionSeconds = resolutionSeconds;
    }

    public String wireName() {
        return wireName;
    }

    public String table() {
        return table;
    }

    public long resolutionSeconds() {
        return resolutionSeconds;
    }
}
