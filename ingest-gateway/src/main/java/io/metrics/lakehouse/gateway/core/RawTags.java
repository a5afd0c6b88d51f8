package io.metrics.lakehouse.gateway.core;

import java.util.Map;

/**
 * The tags of a point as the protocol sent them (keys not yet trimmed or lower-cased, order kept),
 * and the key under which {@link PointNormalizer} remembers how they normalize. Equal instances
 * always give equal {@link #map()}s. A protocol that can point at the bytes the tags were sent as
 * ({@link TagBytes}) lets a series seen before be recognized without building its map at all:
 * that map, its strings and their hashing were most of the gateway's CPU per point.
 */
public abstract class RawTags {

    /** The tags as sent, in the order sent; built on first use for a {@link TagBytes}. */
    public abstract Map<String, String> map();

    /**
     * These tags without references to the request they came from, for keeping in a cache beyond
     * the request (a {@link TagBytes} copies its slice instead of pinning the whole body).
     */
    abstract RawTags detached();

    public static RawTags of(Map<String, String> tags) {
        return new MapTags(tags);
    }

    /** Tags already decoded into a map (OTLP, scrapes, remote_write series that are not plain). */
    private static final class MapTags extends RawTags {
        private final Map<String, String> tags;

        MapTags(Map<String, String> tags) {
            this.tags = tags;
        }

        @Override
        public Map<String, String> map() {
            return tags;
        }

        @Override
        RawTags detached() {
            return this;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof MapTags that && tags.equals(that.tags);
        }

        @Override
        public int hashCode() {
            return tags.hashCode();
        }

        @Override
        public String toString() {
            return tags.toString();
        }
    }
}
