package dev.depot.common.web;

import io.quarkus.arc.Arc;
import io.quarkus.arc.Unremovable;
import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.UriInfo;
import java.net.URI;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Where clients reach Depot, for every absolute URL an answer carries (paging links, public links,
 * download and upload URLs): what the gateway says it saw in {@code X-Forwarded-Proto},
 * {@code X-Forwarded-Host} and {@code X-Forwarded-Prefix} (it sets them itself, dropping whatever a
 * client sent), else what the request itself used. Never the address a service listens on behind the
 * gateway. Values that are not a plain scheme, host[:port] or path prefix are ignored, so a header
 * cannot smuggle anything else into a link.
 */
@ApplicationScoped
@Unremovable // looked up, not injected (see get())
public class PublicAddress {

    /** A DNS name, IPv4 address or bracketed IPv6 address, with an optional port. */
    private static final Pattern HOST = Pattern.compile(
            "(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*"
                    + "|\\[[0-9A-Fa-f:.]+\\])(?::[0-9]{1,5})?");
    /** Path segments of unreserved characters only: no dot segments, no escapes, no query. */
    private static final Pattern PREFIX = Pattern.compile("(?:/(?!\\.{1,2}(?:/|$))[A-Za-z0-9._~-]+)*/?");

    private final CurrentVertxRequest current;

    public PublicAddress(CurrentVertxRequest current) {
        this.current = current;
    }

    /** The bean, for code that is not a bean itself (PageRequest). */
    public static PublicAddress get() {
        return Arc.container().instance(PublicAddress.class).get();
    }

    /** The base URI of the API at the public address, for a resource that has the request's UriInfo. */
    public static URI base(UriInfo uri) {
        return get().of(uri.getBaseUri());
    }

    /** {@code scheme://host[:port][/prefix]/}: what the API's paths are resolved against. */
    public URI base() {
        return URI.create(origin(request()) + "/");
    }

    /**
     * The same path and query at the public address: a URI this service built from its own request
     * (UriInfo) keeps what it says and loses where it was built. Outside a request it is returned as is.
     */
    public URI of(URI local) {
        HttpServerRequest request = request();
        return request == null ? local : at(origin(request), local.getRawPath(), local.getRawQuery());
    }

    /** This request's own path and query at the public address. */
    public URI requestUri() {
        HttpServerRequest request = request();
        return request == null ? null : at(origin(request), request.path(), request.query());
    }

    private static URI at(String origin, String rawPath, String rawQuery) {
        String path = rawPath == null || rawPath.isEmpty() ? "/" : rawPath;
        String prefix = URI.create(origin).getRawPath();
        if (!prefix.isEmpty() && (path.equals(prefix) || path.startsWith(prefix + "/"))) {
            // Built where Quarkus had already prefixed it (auth-service's quarkus.http.proxy.enable-forwarded-prefix).
            path = path.length() == prefix.length() ? "/" : path.substring(prefix.length());
        }
        return URI.create(origin + path + (rawQuery == null ? "" : "?" + rawQuery));
    }

    /** scheme://host[:port][/prefix], without a trailing slash. */
    private static String origin(HttpServerRequest request) {
        if (request == null) {
            throw new IllegalStateException("the public address is only known while answering a request");
        }
        String proto = first(request.getHeader("X-Forwarded-Proto"));
        proto = proto == null ? null : proto.toLowerCase(Locale.ROOT);
        String scheme = "http".equals(proto) || "https".equals(proto)
                ? proto
                : "https".equals(request.scheme()) ? "https" : "http";
        String host = first(request.getHeader("X-Forwarded-Host"));
        if (host == null || !HOST.matcher(host).matches()) {
            host = request.getHeader("Host");
            if (host == null || !HOST.matcher(host).matches()) {
                host = "localhost";
            }
        }
        String prefix = first(request.getHeader("X-Forwarded-Prefix"));
        if (prefix == null || !prefix.startsWith("/") || !PREFIX.matcher(prefix).matches()) {
            prefix = "";
        }
        while (prefix.endsWith("/")) {
            prefix = prefix.substring(0, prefix.length() - 1);
        }
        return scheme + "://" + host.toLowerCase(Locale.ROOT) + prefix;
    }

    /** The first of a comma-separated header's values (the gateway sets one; a chain starts with the client's). */
    private static String first(String header) {
        if (header == null) {
            return null;
        }
        String value = header.split(",", 2)[0].trim();
        return value.isEmpty() ? null : value;
    }

    private HttpServerRequest request() {
        if (!Arc.container().requestContext().isActive()) {
            return null;
        }
        RoutingContext ctx = current.getCurrent();
        return ctx == null ? null : ctx.request();
    }
}
