package io.metrics.lakehouse.query.alerting.core;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/** The identity of an alert instance: 16 hex digits over the rule id and its sorted series labels. */
public final class Fingerprint {

    private Fingerprint() {}

    public static String of(UUID ruleId, Map<String, String> seriesLabels) {
        StringBuilder text = new StringBuilder(ruleId.toString());
        new TreeMap<>(seriesLabels).forEach((k, v) -> text.append('\u0000').append(k).append('\u0001').append(v));
        return hex16(text.toString());
    }

    public static String hex16(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
