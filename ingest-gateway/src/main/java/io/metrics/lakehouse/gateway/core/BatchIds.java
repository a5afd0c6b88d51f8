package io.metrics.lakehouse.gateway.core;

import com.dynatrace.hash4j.hashing.HashValue128;
import com.dynatrace.hash4j.hashing.Hashing;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Batch ids, the key downstream deduplicates retries by. With an {@code Idempotency-Key} header the
 * batch id IS that key (for a request of several metrics: {@code <key>/<metric>}). Without one it is
 * derived from the request itself: {@code <source>-<XXH3-128 of the decompressed body>}, plus
 * {@code /<metric>} for multi-metric requests, so a client that resends the same bytes produces the
 * same id. (Two different clients sending byte-identical bodies produce identical points, and
 * dropping one copy is then correct.)
 */
public final class BatchIds {

    public static final int MAX_KEY_LENGTH = 255;
    private static final Pattern KEY = Pattern.compile("[\\x21-\\x7e]+");

    private BatchIds() {
    }

    /** The validated Idempotency-Key, empty when absent; 400 when malformed. */
    public static Optional<String> idempotencyKey(String header) {
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        String key = header.trim();
        if (key.length() > MAX_KEY_LENGTH || !KEY.matcher(key).matches()) {
            throw GatewayException.badRequest("Idempotency-Key must be 1 to " + MAX_KEY_LENGTH
                    + " printable ASCII characters without spaces");
        }
        return Optional.of(key);
    }

    /** The base batch id of a request. */
    public static String base(Optional<String> idempotencyKey, String source, byte[] body, int length) {
        if (idempotencyKey.isPresent()) {
            return idempotencyKey.get();
        }
        HashValue128 hash = Hashing.xxh3_128().hashBytesTo128Bits(body, 0, length);
        return source + "-" + String.format("%016x%016x", hash.getMostSignificantBits(), hash.getLeastSignificantBits());
    }

    /** The batch id of one metric of a multi-metric request. */
    public static String perMetric(String base, String metric) {
        return base + "/" + metric;
    }

}
