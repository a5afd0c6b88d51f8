package io.metrics.lakehouse.service;

import jakarta.annotation.Priority;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerResponseContext;
import jakarta.ws.rs.container.ContainerResponseFilter;

/**
 * An error answer to a request that carries a body says {@code Connection: close}.
 *
 * <p>Most rejections come before anything reads the body: a missing token (401), an unknown path
 * (404), a wrong content type (415), a full gateway (503), a body over the limit (413). Jetty then
 * drops the connection after the answer when the rest of the body has not arrived yet, but the answer
 * does not say so. A client that keeps connections alive sends its next request on the dropped
 * connection and gets no answer at all: with the JDK client, about one request in fifteen after a
 * 401. Saying {@code close} makes the client open a new connection instead. Errors after the body was
 * read close too: the cost is one reconnect per error, and the rule stays simple.
 */
@Priority(Priorities.HEADER_DECORATOR)
public final class CloseConnectionOnRejectedBody implements ContainerResponseFilter {

    @Override
    public void filter(ContainerRequestContext request, ContainerResponseContext response) {
        if (response.getStatus() >= 400 && carriesBody(request)) {
            response.getHeaders().putSingle("Connection", "close");
        }
    }

    private static boolean carriesBody(ContainerRequestContext request) {
        return request.getLength() > 0 || request.getHeaderString("Transfer-Encoding") != null;
    }
}
