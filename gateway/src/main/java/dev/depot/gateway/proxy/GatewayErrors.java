package dev.depot.gateway.proxy;

import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;

/** Errors the gateway answers itself, in the same envelope the services use. */
final class GatewayErrors {

    private GatewayErrors() {
    }

    static void send(HttpServerResponse response, int status, String error, String message) {
        if (response.headWritten()) {
            // Bytes of the real answer are already on their way: all that is left is to cut the stream.
            response.reset();
            return;
        }
        String body = new JsonObject().put("success", false).put("error", error).put("message", message).encode();
        response.setStatusCode(status)
                .putHeader("Content-Type", "application/json")
                .putHeader("Cache-Control", "no-store")
                .end(body);
    }
}
