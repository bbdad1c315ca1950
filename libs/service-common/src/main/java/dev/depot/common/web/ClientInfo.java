package dev.depot.common.web;

import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.RequestScoped;

/** Where the current request came from: the gateway's X-Forwarded-For, else the peer address. */
@RequestScoped
public class ClientInfo {

    private final HttpServerRequest request;

    public ClientInfo(HttpServerRequest request) {
        this.request = request;
    }

    public String address() {
        String forwarded = request.getHeader("X-Forwarded-For");
        if (forwarded != null && !forwarded.isBlank()) {
            // The left-most entry is the client; the gateway appends what it saw.
            return forwarded.split(",")[0].trim();
        }
        return request.remoteAddress() == null ? null : request.remoteAddress().hostAddress();
    }

    public String userAgent() {
        return request.getHeader("User-Agent");
    }
}
