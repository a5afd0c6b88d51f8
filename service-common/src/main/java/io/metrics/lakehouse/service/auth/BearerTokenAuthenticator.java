package io.metrics.lakehouse.service.auth;

import io.dropwizard.auth.Authenticator;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Accepts a bearer token whose SHA-256 equals a configured one. Only hashes are kept in memory, and
 * every configured hash is compared with {@link MessageDigest#isEqual} (constant time, no early
 * exit over the list), so timing tells nothing about how much of a token matched.
 */
public final class BearerTokenAuthenticator implements Authenticator<String, TokenPrincipal> {

    private final Map<String, byte[]> hashByName;

    BearerTokenAuthenticator(Map<String, byte[]> hashByName) {
        this.hashByName = Map.copyOf(hashByName);
    }

    /** From the configuration; {@code env} resolves {@code env:} entries (System::getenv in production). */
    public static BearerTokenAuthenticator from(BearerTokenConfiguration configuration, Function<String, String> env) {
        Map<String, byte[]> hashes = new LinkedHashMap<>();
        for (BearerTokenConfiguration.Token token : configuration.getTokens()) {
            if (token.getSha256() != null) {
                hashes.put(token.getName(), HexFormat.of().parseHex(token.getSha256().toLowerCase()));
            } else {
                String value = env.apply(token.getEnv());
                if (value == null || value.isEmpty()) {
                    throw new IllegalStateException("auth token '" + token.getName() + "': environment variable "
                            + token.getEnv() + " is not set");
                }
                hashes.put(token.getName(), sha256(value));
            }
        }
        return new BearerTokenAuthenticator(hashes);
    }

    @Override
    public Optional<TokenPrincipal> authenticate(String credentials) {
        byte[] presented = sha256(credentials);
        String match = null;
        for (Map.Entry<String, byte[]> entry : hashByName.entrySet()) {
            if (MessageDigest.isEqual(presented, entry.getValue())) {
                match = entry.getKey();
            }
        }
        return Optional.ofNullable(match).map(TokenPrincipal::new);
    }

    public static byte[] sha256(String token) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
