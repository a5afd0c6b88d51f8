package io.metrics.lakehouse.service.auth;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import io.dropwizard.validation.ValidationMethod;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code auth} section of a service: the bearer tokens it accepts. An empty list turns auth
 * off, which only the loopback-only local default should do.
 *
 * <pre>
 * auth:
 *   tokens:
 *     - name: dashboards                 # names the caller (metrics, per-token limits)
 *       sha256: 9f86d081884c7d65...      # hex SHA-256 of the token: the token itself is not stored
 *     - name: alerting
 *       env: QUERY_TOKEN_ALERTING        # or: the token is the value of this environment variable
 * </pre>
 */
public class BearerTokenConfiguration {

    @Valid
    @NotNull
    private List<Token> tokens = new ArrayList<>();

    @JsonProperty
    public List<Token> getTokens() {
        return tokens;
    }

    @JsonProperty
    public void setTokens(List<Token> tokens) {
        this.tokens = tokens;
    }

    @JsonIgnore
    public boolean enabled() {
        return !tokens.isEmpty();
    }

    @JsonIgnore
    @ValidationMethod(message = "token names must be unique")
    public boolean isNamesUnique() {
        return tokens.stream().map(Token::getName).distinct().count() == tokens.size();
    }

    /** One accepted token: a name and exactly one of {@code sha256} or {@code env}. */
    public static class Token {

        @NotBlank
        @Pattern(regexp = "[A-Za-z0-9_.-]{1,64}", message = "must be 1-64 of [A-Za-z0-9_.-]")
        private String name;

        @Pattern(regexp = "[0-9a-fA-F]{64}", message = "must be 64 hex digits (SHA-256 of the token)")
        private String sha256;

        @Pattern(regexp = "[A-Za-z_][A-Za-z0-9_]*", message = "must be an environment variable name")
        private String env;

        @JsonProperty
        public String getName() {
            return name;
        }

        @JsonProperty
        public void setName(String name) {
            this.name = name;
        }

        @JsonProperty
        public String getSha256() {
            return sha256;
        }

        @JsonProperty
        public void setSha256(String sha256) {
            this.sha256 = sha256;
        }

        @JsonProperty
        public String getEnv() {
            return env;
        }

        @JsonProperty
        public void setEnv(String env) {
            this.env = env;
        }

        @JsonIgnore
        @ValidationMethod(message = "a token needs exactly one of sha256 or env")
        public boolean isExactlyOneSource() {
            return (sha256 == null) != (env == null);
        }
    }
}
