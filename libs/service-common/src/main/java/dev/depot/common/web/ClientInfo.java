package dev.depot.common.web;

import io.quarkus.vertx.http.runtime.CurrentVertxRequest;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.RequestScoped;

/**
 * Where the current request came from: the gateway's X-Forwarded-For, else the peer address.
 * Both are null where there is no HTTP request (a Kafka consumer, a scheduled job).
 */
@RequestScoped
public class ClientInfo {

    /** An IPv4 or IPv6 address as the gateway writes it (no port, no brackets). */
    private static final java.util.regex.Pattern IP_LITERAL = java.util.regex.Pattern.compile(
            "[0-9]{1,3}(?:\\.[0-9]{1,3}){3}|[0-9A-Fa-f]{0,4}(?::[0-9A-Fa-f.]{0,15}){2,8}");

    private final CurrentVertxRequest current;

    public ClientInfo(CurrentVertxRequest current) {
        this.current = current;
    }

    public String address() {
        HttpServerRequest request = request();
        if (request == null) {
            return null;
        }
        String forwarded = request.getHeader("X-Forwarded-For");
        String first = forwarded == null ? "" : forwarded.split(",", 2)[0].trim();
        if (IP_LITERAL.matcher(first).matches()) {
            // The gateway sets this header to the peer it saw, replacing whatever the client sent;
            // anything but an address (sent to the service directly) is not believed.
            return first;
        }
        return request.remoteAddress() == null ? null : request.remoteAddress().hostAddress();
    }

    /** The W3C trace context the gateway passed on, to carry into the events this request causes. */
    public String traceparent() {
        HttpServerRequest request = request();
        return request == null ? null : request.getHeader("traceparent");
    }

    public String userAgent() {
        HttpServerRequest request = request();
        return request == null ? null : request.getHeader("User-Agent");
    }

    private HttpServerRequest request() {
        return current.getCurrent() == null ? null : current.getCurrent().request();
    }
}
