package dev.depot.gateway.pipeline;

import dev.depot.gateway.core.Policy;
import dev.depot.gateway.core.Refusal;
import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import java.util.Locale;
import java.util.Optional;

/**
 * The checks a request meets before anything else is done for it, all on what it declares up front:
 * the length of its target, a path that could escape a service's prefix, the size of its headers and
 * the body size it announces. A body sent without a length is counted as it streams (ForwardStage).
 */
final class AdmissionStage {

    private final int maxUriLength;
    private final long maxHeaderSize;

    AdmissionStage(int maxUriLength, long maxHeaderSize) {
        this.maxUriLength = maxUriLength;
        this.maxHeaderSize = maxHeaderSize;
    }

    /** The request target (path and query) and its path, before the path is used to route or log anything. */
    Optional<Refusal> checkTarget(String uri, String path) {
        if (uri.length() > maxUriLength) {
            // Longer ones than the HTTP server takes at all are refused before any handler (see
            // application.properties).
            return Optional.of(Refusal.of(
                    414,
                    "UriTooLong",
                    "the request's path and query are too long",
                    new JsonObject().put("max_uri_length", maxUriLength)));
        }
        if (path == null || hasDotSegments(path)) {
            return Optional.of(
                    Refusal.of(400, "ValidationError", "the path may not contain '.' or '..' segments", null));
        }
        return Optional.empty();
    }

    /** All headers together, then the declared body against the limit of the request's policy. */
    Optional<Refusal> checkSize(MultiMap headers, Policy policy) {
        if (headerBytes(headers) > maxHeaderSize) {
            return Optional.of(Refusal.of(
                    431,
                    "RequestHeaderFieldsTooLarge",
                    "the request's headers are too large",
                    new JsonObject().put("max_header_size", maxHeaderSize)));
        }
        if (declaredLength(headers.get(HttpHeaders.CONTENT_LENGTH)) > policy.maxBodySize()) {
            return Optional.of(tooLarge(policy));
        }
        return Optional.empty();
    }

    static Refusal tooLarge(Policy policy) {
        return Refusal.of(
                413,
                "PayloadTooLarge",
                "the request body is larger than " + policy.maxBodySize() + " bytes",
                new JsonObject().put("max_body_size", policy.maxBodySize()).put("policy", policy.name()));
    }

    /** "..", "." and their percent-encoded forms could walk a service's path out of its prefix. */
    static boolean hasDotSegments(String path) {
        String lower = path.toLowerCase(Locale.ROOT);
        if (lower.contains("%2e") || lower.contains("%2f") || lower.contains("\\")) {
            return true;
        }
        for (String segment : path.split("/", -1)) {
            if (segment.equals(".") || segment.equals("..")) {
                return true;
            }
        }
        return false;
    }

    /** The headers as they came on the wire, near enough: names, values, ": " and CRLF. */
    static long headerBytes(MultiMap headers) {
        long size = 0;
        for (var header : headers) {
            size += header.getKey().length() + header.getValue().length() + 4;
        }
        return size;
    }

    /** Content-Length as declared; -1 when absent (chunked bodies are counted as they stream). */
    static long declaredLength(String contentLength) {
        if (contentLength == null) {
            return -1;
        }
        try {
            return Long.parseLong(contentLength.trim());
        } catch (NumberFormatException e) {
            return Long.MAX_VALUE;
        }
    }
}
