package dev.depot.gateway.core;

import io.vertx.core.Future;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An answer the gateway gives itself instead of passing the request on: the status, the envelope's
 * error and message (and details, or null), and the headers that go with it (Retry-After, a challenge,
 * the rate limit's), by their names as sent, in the order they are set.
 */
public record Refusal(int status, String error, String message, JsonObject details, Map<String, String> headers) {

    public Refusal {
        headers = Collections.unmodifiableMap(new LinkedHashMap<>(headers));
    }

    public static Refusal of(int status, String error, String message, JsonObject details) {
        return new Refusal(status, error, message, details, Map.of());
    }

    public static Refusal notFound(String message) {
        return of(404, "ResourceNotFound", message, null);
    }

    /** 503 with the Retry-After the gateway gives for it: a service, or what it needs, is away or full. */
    public static Refusal unavailable(String message, Duration retryAfter) {
        return of(503, "ServiceUnavailable", message, null)
                .withHeader(HttpHeaders.RETRY_AFTER.toString(), String.valueOf(Math.max(1, retryAfter.toSeconds())));
    }

    /** The same refusal with one more header, set after the ones it has. */
    public Refusal withHeader(String name, String value) {
        return withHeaders(Map.of(name, value));
    }

    /** The same refusal with more headers, set after the ones it has. */
    public Refusal withHeaders(Map<String, String> more) {
        if (more.isEmpty()) {
            return this;
        }
        Map<String, String> all = new LinkedHashMap<>(headers);
        all.putAll(more);
        return new Refusal(status, error, message, details, all);
    }

    /** Answers a request whose body has not been read (see GatewayErrors.refuse). */
    public Future<Void> answer(HttpServerRequest request, HttpServerResponse response) {
        headers.forEach(response::putHeader);
        return GatewayErrors.refuse(request, response, status, error, message, details);
    }

    /**
     * Answers a request already on its way to a service, unless the exchange is over: if the answer
     * has begun, its stream is cut instead (see GatewayErrors.send).
     */
    public Future<Void> send(HttpServerResponse response) {
        if (response.ended() || response.closed()) {
            return Future.succeededFuture();
        }
        headers.forEach(response::putHeader);
        return GatewayErrors.send(response, status, error, message, details);
    }
}
