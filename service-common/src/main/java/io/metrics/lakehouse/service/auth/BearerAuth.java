package io.metrics.lakehouse.service.auth;

import io.dropwizard.auth.AuthDynamicFeature;
import io.dropwizard.auth.AuthValueFactoryProvider;
import io.dropwizard.auth.oauth.OAuthCredentialAuthFilter;
import io.dropwizard.core.setup.Environment;
import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.core.SecurityContext;
import java.security.Principal;
import java.util.function.Function;

/**
 * Protects the resources that take an {@code @Auth TokenPrincipal} parameter (or carry
 * {@code @PermitAll}) with bearer tokens. With no token configured every request runs as
 * {@link TokenPrincipal#ANONYMOUS}, so resources are written the same way either way.
 */
public final class BearerAuth {

    public static final String REALM = "metrics-lakehouse";

    private BearerAuth() {
    }

    public static void register(Environment environment, BearerTokenConfiguration configuration) {
        register(environment, configuration, System::getenv);
    }

    public static void register(Environment environment, BearerTokenConfiguration configuration,
            Function<String, String> env) {
        ContainerRequestFilter filter = configuration.enabled()
                ? new OAuthCredentialAuthFilter.Builder<TokenPrincipal>()
                        .setAuthenticator(BearerTokenAuthenticator.from(configuration, env))
                        .setPrefix("Bearer")
                        .setRealm(REALM)
                        .setUnauthorizedHandler(new JsonUnauthorizedHandler())
                        .buildAuthFilter()
                : new AnonymousFilter();
        environment.jersey().register(new AuthDynamicFeature(filter));
        environment.jersey().register(new AuthValueFactoryProvider.Binder<>(TokenPrincipal.class));
    }

    /** Auth off: the request's principal is {@link TokenPrincipal#ANONYMOUS}. */
    @Priority(Priorities.AUTHENTICATION)
    static final class AnonymousFilter implements ContainerRequestFilter {
        @Override
        public void filter(ContainerRequestContext request) {
            SecurityContext original = request.getSecurityContext();
            request.setSecurityContext(new SecurityContext() {
                @Override
                public Principal getUserPrincipal() {
                    return TokenPrincipal.ANONYMOUS;
                }

                @Override
                public boolean isUserInRole(String role) {
                    return false;
                }

                @Override
                public boolean isSecure() {
                    return original != null && original.isSecure();
                }

                @Override
                public String getAuthenticationScheme() {
                    return null;
                }
            });
        }
    }
}
