package io.metrics.lakehouse.gateway.core;

import com.dynatrace.hash4j.hashing.Hasher64;
import com.dynatrace.hash4j.hashing.Hashing;
import java.util.Arrays;
import java.util.Map;

/**
 * Tags as the bytes they were sent as (a slice of the request body: the JSON {@code "tags"} object,
 * or the label fields of a remote_write series) plus how to decode them. Two slices of the same
 * {@link Format} with equal bytes decode to equal maps, so the bytes alone identify the tag set as
 * sent; the map is decoded only when {@link #map()} is asked for (a tag set not seen before).
 */
public final class TagBytes extends RawTags {

    private static final Hasher64 HASH = Hashing.xxh3_64();

    /** How the bytes decode; slices of different formats are never equal. */
    public interface Format {
        Map<String, String> decode(byte[] bytes, int from, int to);
    }

    private final Format format;
    private final byte[] bytes;
    private final int from;
    private final int to;
    private final int hash;
    private Map<String, String> map;

    public TagBytes(Format format, byte[] bytes, int from, int to) {
        this(format, bytes, from, to, (int) HASH.hashBytesToLong(bytes, from, to - from));
    }

    private TagBytes(Format format, byte[] bytes, int from, int to, int hash) {
        this.format = format;
        this.bytes = bytes;
        this.from = from;
        this.to = to;
        this.hash = hash;
    }

    @Override
    public Map<String, String> map() {
        if (map == null) {
            map = format.decode(bytes, from, to);
        }
        return map;
    }

    @Override
    RawTags detached() {
        return new TagBytes(format, Arrays.copyOfRange(bytes, from, to), 0, to - from, hash);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof TagBytes that && hash == that.hash && format == that.format
                && Arrays.equals(bytes, from, to, that.bytes, that.from, that.to);
    }

    @Override
    public int hashCode() {
        return hash;
    }

    @Override
    public String toString() {
        return map().toString();
    }
}
