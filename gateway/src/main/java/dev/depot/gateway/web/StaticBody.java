package dev.depot.gateway.web;

import dev.depot.crypto.Hashes;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Locale;
import java.util.zip.GZIPOutputStream;

/**
 * A body the gateway serves from memory (the web app's files, the events' AsyncAPI document): held with a
 * gzip copy when that is smaller and an ETag of its bytes, so serving it costs no disk read or compression.
 */
public record StaticBody(String type, Buffer body, Buffer gzipped, String etag) {

    public static StaticBody of(String type, byte[] bytes) {
        Buffer gzipped = null;
        if (type.startsWith("text/") || type.contains("json") || type.contains("svg")) {
            byte[] packed = gzip(bytes);
            if (packed.length < bytes.length) {
                gzipped = Buffer.buffer(packed);
            }
        }
        return new StaticBody(type, Buffer.buffer(bytes), gzipped, etag(bytes));
    }

    /** Answers with the body (gzipped if the client takes it), or 304 when the client's copy is this one. */
    public void serve(HttpServerRequest request, HttpServerResponse response, String cacheControl) {
        response.putHeader(HttpHeaders.CACHE_CONTROL, cacheControl).putHeader(HttpHeaders.ETAG, etag);
        String vary = response.headers().get(HttpHeaders.VARY);
        response.putHeader(HttpHeaders.VARY, vary == null ? "Accept-Encoding" : vary + ", Accept-Encoding");
        String ifNoneMatch = request.getHeader(HttpHeaders.IF_NONE_MATCH);
        if (ifNoneMatch != null
                && (ifNoneMatch.contains(etag) || ifNoneMatch.trim().equals("*"))) {
            response.setStatusCode(304).end();
            return;
        }
        String accepted = request.getHeader(HttpHeaders.ACCEPT_ENCODING);
        boolean gzip = gzipped != null
                && accepted != null
                && accepted.toLowerCase(Locale.ROOT).contains("gzip");
        Buffer chosen = gzip ? gzipped : body;
        response.putHeader(HttpHeaders.CONTENT_TYPE, type)
                .putHeader(HttpHeaders.CONTENT_LENGTH, String.valueOf(chosen.length()));
        if (gzip) {
            response.putHeader(HttpHeaders.CONTENT_ENCODING, "gzip");
        }
        if (request.method() == HttpMethod.HEAD) {
            response.end();
        } else {
            response.end(chosen);
        }
    }

    private static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(bytes.length / 3 + 64);
        try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
            zip.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static String etag(byte[] bytes) {
        return "\"" + Hashes.base64Url(Hashes.sha256(bytes)).substring(0, 22) + "\"";
    }
}
