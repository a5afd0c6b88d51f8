package io.metrics.lakehouse.service.auth;

import java.security.Principal;

/** The caller: the configured name of the bearer token it presented ("anonymous" when auth is off). */
public record TokenPrincipal(String name) implements Principal {

    public static final TokenPrincipal ANONYMOUS = new TokenPrincipal("anonymous");

    @Override
    public String getName() {
        return name;
    }
}
