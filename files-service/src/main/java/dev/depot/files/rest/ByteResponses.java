package dev.depot.files.rest;

import dev.depot.common.error.ErrorMappers;
import dev.depot.files.service.Download;
import dev.depot.files.service.Ranges;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Set;
import org.jboss.resteasy.reactive.PathPart;

/**
 * Answers for a file's bytes with CDN behaviour: single ranges (206, 416) under If-Range (see
 * {@link Ranges}), ETag from the SHA-256, Last-Modified, If-None-Match (304), Cache-Control,
 * Content-Disposition, nosniff. From a local blob store the body is a file region the server sends with
 * zero-copy transfer; from any other it is a {@link BlobBody}, streamed from the store on a worker thread.
 */
public final class ByteResponses {

    /** Types a browser would run or render as a page: always downloaded, never shown inline. */
    private static final Set<String> ACTIVE = Set.of(
            "text/html",
            "application/xhtml+xml",
            "image/svg+xml",
            "text/xml",
            "application/xml",
            "text/javascript",
            "application/javascript",
            "application/x-javascript",
            "application/ecmascript",
            "text/ecmascript",
            "application/wasm");

    private ByteResponses() {}

    /** The answer to {@code request} for {@code download}'s bytes, made at {@code now}. */
    public static Response of(Download download, Ranges.Request request, Instant now) {
        String sha256 = download.sha256();
        long size = download.size();
        String mimeType = download.mimeType();
        Instant lastModified = download.lastModified();
        String etag = "\"" + sha256 + "\"";
        String ifNoneMatch = request.ifNoneMatch();
        Response.ResponseBuilder b;
        if (ifNoneMatch != null && (ifNoneMatch.trim().equals("*") || ifNoneMatch.contains(etag))) {
            b = Response.notModified();
        } else {
            long[] r = Ranges.requested(request.range(), request.ifRange(), etag, lastModified, size, now);
            if (r == Ranges.WHOLE) {
                b = Response.ok(body(download, 0, size)).header(HttpHeaders.CONTENT_LENGTH, size);
            } else if (r.length == 0) {
                return ErrorMappers.envelope(416, "RangeNotSatisfiable", "the range is outside the file", null)
                        .header("Content-Range", "bytes */" + size)
                        .build();
            } else {
                b = Response.status(206)
                        .entity(body(download, r[0], r[1] - r[0] + 1))
                        .header(HttpHeaders.CONTENT_LENGTH, r[1] - r[0] + 1)
                        .header("Content-Range", "bytes " + r[0] + "-" + r[1] + "/" + size);
            }
            b.type(contentType(mimeType));
        }
        if (lastModified != null) {
            b.header(
                    HttpHeaders.LAST_MODIFIED,
                    DateTimeFormatter.RFC_1123_DATE_TIME.format(
                            lastModified.truncatedTo(ChronoUnit.SECONDS).atZone(ZoneOffset.UTC)));
        }
        return b.tag(new jakarta.ws.rs.core.EntityTag(sha256))
                .header(HttpHeaders.CACHE_CONTROL, "private, max-age=" + Math.max(0, download.maxAgeSeconds()))
                .header("Accept-Ranges", "bytes")
                .header("X-Content-Type-Options", "nosniff")
                .header("Content-Disposition", disposition(mimeType, download.filename()))
                .build();
    }

    /**
     * As {@link #of}, for bytes a URL hands out once (a transfer ticket): no cache may keep them to hand
     * them out again.
     */
    public static Response singleUse(Download download, Ranges.Request request, Instant now) {
        Response r = of(download, request, now);
        r.getHeaders().putSingle(HttpHeaders.CACHE_CONTROL, "no-store");
        return r;
    }

    /** {@code length} bytes of the blob from {@code offset}: a file region if the store is local. */
    private static Object body(Download download, long offset, long length) {
        return download.store()
                .localPath(download.blob())
                .<Object>map(path -> new PathPart(path, offset, length))
                .orElseGet(() -> new BlobBody(download.store(), download.blob(), offset, length));
    }

    static String contentType(String mime) {
        return mime == null || mime.isBlank() ? "application/octet-stream" : mime;
    }

    /** RFC 6266: an ASCII fallback and the exact name in RFC 5987 encoding. */
    public static String disposition(String mimeType, String filename) {
        String kind = ACTIVE.contains(contentType(mimeType)
                        .toLowerCase(Locale.ROOT)
                        .split(";")[0]
                        .trim())
                ? "attachment"
                : "inline";
        String ascii =
                filename.replaceAll("[^\\x20-\\x7E]", "_").replace("\\", "_").replace("\"", "_");
        String encoded = URLEncoder.encode(filename, StandardCharsets.UTF_8).replace("+", "%20");
        return kind + "; filename=\"" + ascii + "\"; filename*=UTF-8''" + encoded;
    }
}
