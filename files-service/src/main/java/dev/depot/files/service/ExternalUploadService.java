package dev.depot.files.service;

import dev.depot.common.error.ApiException;
import dev.depot.events.EventTypes;
import dev.depot.events.payload.ExternalUploadPayload;
import dev.depot.files.config.FilesConfig;
import dev.depot.files.messaging.outgoing.FilesEvents;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.StartupEvent;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import io.vertx.ext.web.multipart.MultipartForm;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeoutException;
import org.jboss.logging.Logger;

/**
 * The external upload proxy behind POST /api/cdn/upload-0x0/: the spooled file streams to the external
 * host as a multipart {@code file} part, with the configured User-Agent, a timeout scaled by size, and up
 * to three attempts. The host's answer is passed through; failures get the codes CDN clients expect (503
 * unreachable, 504 timed out, 502 anything else, a host name that does not resolve included).
 */
@ApplicationScoped
public class ExternalUploadService {

    private static final Logger LOG = Logger.getLogger(ExternalUploadService.class);

    private final FilesConfig config;
    private final FilesEvents events;
    private WebClient client;

    public ExternalUploadService(FilesConfig config, FilesEvents events) {
        this.config = config;
        this.events = events;
    }

    void init(@Observes StartupEvent start, Vertx vertx) {
        this.client = WebClient.create(
                vertx,
                new WebClientOptions()
                        .setConnectTimeout(10_000)
                        .setMaxPoolSize(16)
                        .setUserAgentEnabled(false));
    }

    /** What the host answered, to pass through as it is. */
    public record Answer(int status, String contentType, Buffer body, int attempts) {}

    /** The caller's file to the external host; the upload is announced as the caller's. */
    public Uni<Answer> upload(Caller caller, Path spooled, String filename, String contentType) {
        UUID ownerId = caller.id();
        long size;
        try {
            size = Files.size(spooled);
        } catch (java.io.IOException e) {
            return Uni.createFrom().failure(e);
        }
        if (size > config.maxUploadSize()) {
            return Uni.createFrom()
                    .failure(ApiException.tooLarge(
                            "File too large: the limit is " + config.maxUploadSize() / (1024 * 1024) + " MB"));
        }
        long timeout = config.externalUpload().baseTimeout().toMillis()
                + config.externalUpload().perMegabyte().toMillis() * Math.max(1, (size + (1 << 20) - 1) >> 20);
        // Retries run on Mutiny's timer; the answer comes back on the request's own context for the event.
        io.vertx.core.Context requestContext = Vertx.currentContext();
        int[] attempts = {0};
        return Uni.createFrom()
                .completionStage(() -> {
                    attempts[0]++;
                    return send(spooled, size, filename, contentType, timeout).toCompletionStage();
                })
                .onFailure(ExternalUploadService::retryable)
                .invoke(e -> LOG.infof("external upload attempt %d failed (%s)", attempts[0], e.toString()))
                .onFailure(ExternalUploadService::retryable)
                .retry()
                .withBackOff(Duration.ofMillis(250))
                .atMost(config.externalUpload().attempts() - 1)
                // Whatever went wrong with the host (a name that does not resolve included) is the host's.
                .onFailure(e -> !(e instanceof ApiException))
                .transform(e -> finalError(e, attempts[0]))
                .emitOn(task -> requestContext.runOnContext(v -> task.run()))
                .map(answer -> new Answer(answer.status(), answer.contentType(), answer.body(), attempts[0]))
                .call(answer -> Panache.withTransaction(() -> events.publish(
                        EventTypes.EXTERNAL_UPLOADED,
                        ownerId,
                        ownerId,
                        new ExternalUploadPayload(filename, size, answer.status(), answer.attempts()))));
    }

    private static boolean retryable(Throwable failure) {
        return failure instanceof ConnectException
                || failure instanceof TimeoutException
                || failure instanceof UpstreamError;
    }

    private Future<Answer> send(Path file, long size, String filename, String contentType, long timeout) {
        MultipartForm form = MultipartForm.create()
                .binaryFileUpload(
                        "file",
                        filename,
                        file.toString(),
                        contentType == null ? "application/octet-stream" : contentType);
        return client.postAbs(config.externalUpload().url())
                .putHeader("User-Agent", config.externalUpload().userAgent())
                .timeout(timeout)
                .sendMultipartForm(form)
                .compose(response -> response.statusCode() >= 500
                        ? Future.failedFuture(new UpstreamError(response.statusCode()))
                        : Future.succeededFuture(new Answer(
                                response.statusCode(),
                                response.getHeader("Content-Type"),
                                response.body() == null ? Buffer.buffer() : response.body(),
                                0)));
    }

    private static ApiException finalError(Throwable failure, int attempts) {
        if (causedBy(failure, UnknownHostException.class)) {
            return new ApiException(502, "BadGateway", "the external upload host's name does not resolve");
        }
        if (failure instanceof ConnectException) {
            return new ApiException(503, "ServiceUnavailable", "the external upload host cannot be reached");
        }
        if (failure instanceof TimeoutException) {
            return new ApiException(504, "GatewayTimeout", "the upload timed out after " + attempts + " attempts");
        }
        return new ApiException(502, "BadGateway", "the external upload host failed: " + failure.getMessage());
    }

    private static boolean causedBy(Throwable failure, Class<? extends Throwable> type) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
        }
        return false;
    }

    /** The host answered with a server error: worth another attempt. */
    static final class UpstreamError extends RuntimeException {
        UpstreamError(int status) {
            super("answered " + status, null, false, false);
        }
    }
}
