package dev.depot.common.security;

import dev.depot.common.error.ErrorMappers;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.lang.reflect.Method;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Refuses cross-site requests that would ride on the session cookies. An unsafe request (POST, PUT,
 * PATCH, DELETE) that carries a session cookie and no Authorization header is refused when the
 * browser says it comes from another site ({@code Sec-Fetch-Site: cross-site}), or when its
 * {@code Origin} is neither this site's own nor one of {@code depot.web.origins} (checked for
 * {@code same-site}, and where a browser sends no Fetch Metadata). {@code same-origin} and
 * {@code none} (typed by the user) pass.
 *
 * A request with neither header is not from a browser (curl -b, a script keeping its cookies): no one
 * else's page can have sent it, so it passes. This site's own origin is the scheme and host the
 * gateway forwarded (it sets X-Forwarded-Proto and X-Forwarded-Host and never passes a client's on),
 * so the suite works under any host name without configuring origins. Bearer requests are never sent
 * by a browser on its own and need no check.
 */
public class CsrfFilter {

    static final String ACCESS_COOKIE = "access_token";
    static final String REFRESH_COOKIE = "refresh_token";
    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS");

    /**
     * On a resource method that never reads the access cookie (sign-in, registration, refresh): that
     * cookie, left over from an earlier session, never gets the request refused there.
     */
    @Retention(RetentionPolicy.RUNTIME)
    @Target(ElementType.METHOD)
    public @interface AccessCookieUnused {}

    /** What the decision looks at, as plain values. */
    record Request(
            String method,
            boolean authorization,
            Set<String> cookies,
            boolean accessCookieUnused,
            String fetchSite,
            String origin,
            String forwardedProto,
            String forwardedHost,
            String scheme,
            String host) {}

    private final Set<String> allowedOrigins;

    public CsrfFilter(
            @ConfigProperty(name = "depot.web.origins", defaultValue = "http://127.0.0.1:8080,http://localhost:8080")
                    List<String> allowedOrigins) {
        this.allowedOrigins = allowedOrigins.stream()
                .map(CsrfFilter::normalized)
                .filter(Objects::nonNull)
                .collect(Collectors.toUnmodifiableSet());
    }

    @ServerRequestFilter
    public Optional<Response> checkOrigin(ContainerRequestContext request, ResourceInfo resource) {
        Method method = resource == null ? null : resource.getResourceMethod();
        String refusal = refusal(new Request(
                request.getMethod(),
                request.getHeaderString(HttpHeaders.AUTHORIZATION) != null,
                request.getCookies().keySet(),
                method != null && method.isAnnotationPresent(AccessCookieUnused.class),
                request.getHeaderString("Sec-Fetch-Site"),
                request.getHeaderString("Origin"),
                request.getHeaderString("X-Forwarded-Proto"),
                request.getHeaderString("X-Forwarded-Host"),
                request.getUriInfo().getRequestUri().getScheme(),
                request.getHeaderString(HttpHeaders.HOST)));
        return refusal == null
                ? Optional.empty()
                : Optional.of(
                        ErrorMappers.envelope(403, "Forbidden", refusal, null).build());
    }

    /** Why the request is refused, or null when it may pass. */
    String refusal(Request r) {
        if (SAFE_METHODS.contains(r.method().toUpperCase(Locale.ROOT)) || r.authorization() || !ridesOnCookies(r)) {
            return null;
        }
        String site = r.fetchSite() == null ? null : r.fetchSite().trim().toLowerCase(Locale.ROOT);
        if ("same-origin".equals(site) || "none".equals(site)) {
            return null;
        }
        if ("cross-site".equals(site)) {
            return "cross-site request refused: a request from another site may not use the session cookie";
        }
        if (site == null && r.origin() == null) {
            return null;
        }
        // same-site (a sibling host may be someone else's), a value not defined yet, or no Fetch Metadata.
        String origin = normalized(r.origin());
        if (origin != null
                && (origin.equals(ownOrigin(r.forwardedProto(), r.forwardedHost(), r.scheme(), r.host()))
                        || allowedOrigins.contains(origin))) {
            return null;
        }
        return "cross-site request refused: the Origin of a cookie-authenticated request must be this site's own"
                + " or one of depot.web.origins";
    }

    private static boolean ridesOnCookies(Request r) {
        return r.cookies().contains(REFRESH_COOKIE) || (r.cookies().contains(ACCESS_COOKIE) && !r.accessCookieUnused());
    }

    /** The origin the client addressed: as the gateway forwarded it, else as this request came. */
    static String ownOrigin(String forwardedProto, String forwardedHost, String scheme, String host) {
        String proto = first(forwardedProto) != null ? first(forwardedProto) : scheme;
        String authority = first(forwardedHost) != null ? first(forwardedHost) : first(host);
        return proto == null || authority == null ? null : normalized(proto + "://" + authority);
    }

    /** {@code scheme://host[:port]} in lower case, without a default port; null for anything else. */
    static String normalized(String origin) {
        if (origin == null || origin.isBlank()) {
            return null;
        }
        try {
            URI u = new URI(origin.trim());
            String path = u.getRawPath();
            if (u.getScheme() == null
                    || u.getHost() == null
                    || u.getRawUserInfo() != null
                    || (path != null && !path.isEmpty() && !path.equals("/"))
                    || u.getRawQuery() != null) {
                return null;
            }
            String scheme = u.getScheme().toLowerCase(Locale.ROOT);
            int port = u.getPort();
            boolean defaultPort =
                    port < 0 || (scheme.equals("http") && port == 80) || (scheme.equals("https") && port == 443);
            return scheme + "://" + u.getHost().toLowerCase(Locale.ROOT) + (defaultPort ? "" : ":" + port);
        } catch (java.net.URISyntaxException e) {
            return null;
        }
    }

    private static String first(String headerValue) {
        if (headerValue == null) {
            return null;
        }
        String first = headerValue.split(",")[0].trim();
        return first.isEmpty() ? null : first;
    }
}
