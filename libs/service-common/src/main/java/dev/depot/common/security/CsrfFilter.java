package dev.depot.common.security;

import dev.depot.common.error.ErrorMappers;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Refuses cross-site requests that would ride on the session cookies: an unsafe request (POST, PUT,
 * PATCH, DELETE) that carries a session cookie and no Authorization header must come from one of the
 * configured web origins. Bearer requests are not sent by browsers on their own and need no check.
 */
public class CsrfFilter {

    static final List<String> SESSION_COOKIES = List.of("access_token", "refresh_token");

    private final List<String> allowedOrigins;

    public CsrfFilter(@ConfigProperty(name = "depot.web.origins", defaultValue = "http://127.0.0.1:8080,http://localhost:8080")
            List<String> allowedOrigins) {
        this.allowedOrigins = allowedOrigins;
    }

    @ServerRequestFilter
    public Optional<Response> checkOrigin(ContainerRequestContext request) {
        String method = request.getMethod();
        if (method.equals("GET") || method.equals("HEAD") || method.equals("OPTIONS")) {
            return Optional.empty();
        }
        if (request.getHeaderString(HttpHeaders.AUTHORIZATION) != null
                || SESSION_COOKIES.stream().noneMatch(request.getCookies()::containsKey)) {
            return Optional.empty();
        }
        String origin = request.getHeaderString("Origin");
        if (origin == null) {
            origin = originOf(request.getHeaderString("Referer"));
        }
        if (origin != null && allowedOrigins.contains(origin)) {
            return Optional.empty();
        }
        return Optional.of(ErrorMappers.envelope(403, "Forbidden",
                "cross-site request refused: the Origin of a cookie-authenticated request must be one of depot.web.origins",
                null).build());
    }

    private static String originOf(String referer) {
        if (referer == null) {
            return null;
        }
        try {
            URI u = URI.create(referer);
            return u.getScheme() + "://" + u.getHost() + (u.getPort() < 0 ? "" : ":" + u.getPort());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
