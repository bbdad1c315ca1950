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
        if (forwarded != null && !forwarded.isBlank()) {
            // The gateway sets this header to the peer it saw, replacing whatever the client sent.
            return forwarded.split(",")[0].trim();
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
