package dev.depot.gateway.core;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;

/** Errors the gateway answers itself, in the same envelope the services use. */
public final class GatewayErrors {

    /** What a refused request's unread body may still send before its connection is closed anyway. */
    private static final long LINGER_BYTES = 4L * 1024 * 1024;

    private static final long LINGER_MILLIS = 2_000;

    private GatewayErrors() {}

    public static Future<Void> send(HttpServerResponse response, int status, String error, String message) {
        return send(response, status, error, message, null);
    }

    public static Future<Void> send(
            HttpServerResponse response, int status, String error, String message, JsonObject details) {
        if (response.ended() || response.closed()) {
            return Future.succeededFuture();
        }
        if (response.headWritten()) {
            // Bytes of the real answer are already on their way: all that is left is to cut the stream.
            response.reset();
            return Future.succeededFuture();
        }
        JsonObject body = new JsonObject()
                .put("success", false)
                .put("error", error)
                .put("message", message)
                .put("detail", message);
        if (details != null) {
            body.put("details", details);
        }
        return response.setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
                .end(body.toBuffer());
    }

    /**
     * Answers a request whose body has not been read (and never will be) and closes its connection
     * afterwards, since the rest of the body would otherwise be taken for the next request. What the
     * client is still sending is read and dropped for a moment first, so that a client busy writing
     * gets to read the answer instead of a connection reset.
     */
    public static Future<Void> refuse(
            HttpServerRequest request,
            HttpServerResponse response,
            int status,
            String error,
            String message,
            JsonObject details) {
        if (!hasUnreadBody(request)) {
            return send(response, status, error, message, details);
        }
        if (!response.headWritten()) {
            response.putHeader(HttpHeaders.CONNECTION, "close");
        }
        Future<Void> sent = send(response, status, error, message, details);
        HttpConnection connection = request.connection();
        Context context = Vertx.currentContext();
        sent.onComplete(done -> {
            // A body that arrived in full meanwhile has nothing left to drop (and takes no handlers).
            if (context == null || request.isEnded()) {
                connection.close();
                return;
            }
            context.owner().setTimer(LINGER_MILLIS, id -> connection.close());
            long[] dropped = {0};
            request.exceptionHandler(e -> connection.close());
            request.endHandler(v -> connection.close());
            request.handler((Buffer chunk) -> {
                dropped[0] += chunk.length();
                if (dropped[0] > LINGER_BYTES) {
                    connection.close();
                }
            });
            request.resume();
        });
        return sent;
    }

    /** The error names the services use (dev.depot.common.error.ErrorMappers), by status. */
    public static String errorName(int status) {
        return switch (status) {
            case 400 -> "ValidationError";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "ResourceNotFound";
            case 405 -> "MethodNotAllowed";
            case 406 -> "NotAcceptable";
            case 408 -> "RequestTimeout";
            case 409 -> "Conflict";
            case 410 -> "Gone";
            case 413 -> "PayloadTooLarge";
            case 414 -> "UriTooLong";
            case 415 -> "UnsupportedMediaType";
            case 416 -> "RangeNotSatisfiable";
            case 429 -> "TooManyRequests";
            case 431 -> "RequestHeaderFieldsTooLarge";
            case 502 -> "BadGateway";
            case 503 -> "ServiceUnavailable";
            case 504 -> "GatewayTimeout";
            default -> status >= 500 ? "InternalError" : "BadRequest";
        };
    }

    /** What to say for a status when nothing more specific is known. */
    public static String message(int status) {
        return switch (status) {
            case 400 -> "the request is not valid";
            case 404 -> "no such resource";
            case 405 -> "this method is not allowed here";
            case 413 -> "the request body is too large";
            case 414 -> "the request's path and query are too long";
            case 431 -> "the request's headers are too large";
            default -> status >= 500 ? "something went wrong on our side" : "the request cannot be answered";
        };
    }

    public static boolean hasUnreadBody(HttpServerRequest request) {
        if (request.isEnded()) {
            return false;
        }
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        if (length != null) {
            return !length.trim().equals("0");
        }
        return request.headers().contains(HttpHeaders.TRANSFER_ENCODING);
    }
}
