package dev.depot.files.rest;

import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.Provider;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.core.ResteasyReactiveRequestContext;
import org.jboss.resteasy.reactive.server.core.ServerSerialisers;
import org.jboss.resteasy.reactive.server.spi.ResteasyReactiveResourceInfo;
import org.jboss.resteasy.reactive.server.spi.ServerHttpResponse;
import org.jboss.resteasy.reactive.server.spi.ServerMessageBodyWriter;
import org.jboss.resteasy.reactive.server.spi.ServerRequestContext;

/**
 * Sends a {@link BlobBody}: reads the store on a worker thread (never on the event loop) in 256 KiB
 * chunks, each written only once the one before has been handed to the connection, so memory stays at
 * one chunk per download whatever the blob's size and the client's speed. The headers (length, range,
 * ETag) are already set by {@link ByteResponses}. A read failing midway resets the connection: the client
 * sees a cut transfer, never a short body taken for the whole.
 */
@Provider
@Produces("*/*")
public class BlobBodyWriter implements ServerMessageBodyWriter<BlobBody> {

    private static final Logger LOG = Logger.getLogger(BlobBodyWriter.class);
    private static final int CHUNK = 256 * 1024;

    @Override
    public boolean isWriteable(
            Class<?> type, Type genericType, ResteasyReactiveResourceInfo target, MediaType mediaType) {
        return BlobBody.class.equals(type);
    }

    @Override
    public boolean isWriteable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return BlobBody.class.equals(type);
    }

    @Override
    public void writeResponse(BlobBody body, Type genericType, ServerRequestContext context) {
        // The Vert.x request underneath only to tell HEAD and to reset a transfer cut off midway.
        ResteasyReactiveRequestContext requestContext = (ResteasyReactiveRequestContext) context;
        ServerHttpResponse response = context.serverResponse();
        HttpServerRequest request = requestContext.serverRequest().unwrap(HttpServerRequest.class);
        // Status and headers (Content-Length, Content-Range, ETag...) now, on this thread: RESTEasy sets them
        // only when a response ends, and the first chunk goes out long before.
        ServerSerialisers.encodeResponseHeaders(requestContext);
        if (request.method() == HttpMethod.HEAD || body.length() == 0) {
            response.end();
            return;
        }
        Infrastructure.getDefaultWorkerPool().execute(() -> stream(body, response, request));
    }

    private static void stream(BlobBody body, ServerHttpResponse response, HttpServerRequest request) {
        try (InputStream in = body.store().open(body.sha256(), body.offset(), body.length())) {
            byte[] chunk = new byte[CHUNK];
            long left = body.length();
            while (left > 0) {
                int n = in.readNBytes(chunk, 0, (int) Math.min(CHUNK, left));
                if (n <= 0) {
                    throw new java.io.EOFException(left + " bytes short of the blob's announced length");
                }
                left -= n;
                // Waits until Vert.x has taken the chunk: backpressure, and one chunk in memory.
                response.write(n == CHUNK ? chunk.clone() : java.util.Arrays.copyOf(chunk, n))
                        .toCompletableFuture()
                        .get(5, TimeUnit.MINUTES);
            }
            response.end();
        } catch (Exception e) {
            LOG.warnf("sending %s cut off: %s", body.store().describe(body.sha256()), e.toString());
            request.response().reset();
        }
    }

    @Override
    public void writeTo(
            BlobBody body,
            Class<?> type,
            Type genericType,
            Annotation[] annotations,
            MediaType mediaType,
            MultivaluedMap<String, Object> httpHeaders,
            OutputStream out)
            throws java.io.IOException {
        // Blocking contexts only (not used by the reactive resources): plain copying.
        try (InputStream in = body.store().open(body.sha256(), body.offset(), body.length())) {
            in.transferTo(out);
        }
    }
}
