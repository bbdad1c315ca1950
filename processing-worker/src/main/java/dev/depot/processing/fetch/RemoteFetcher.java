package dev.depot.processing.fetch;

import dev.depot.crypto.Hashes;
import dev.depot.outbound.OutboundTargets.Target;
import dev.depot.processing.config.ProcessingConfig;
import dev.depot.processing.derive.Refused;
import io.quarkus.runtime.ShutdownEvent;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.impl.NoStackTraceTimeoutException;
import io.vertx.core.net.SocketAddress;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Fetches the bytes of a file registered by URL into a temporary file, for the same derivations as
 * stored files. Every URL, redirects included, passes {@link UrlGuard} and is fetched from the address
 * that was checked; the body streams to disk (memory does not grow with the file), is hashed on the way
 * and is cut off past the registered size or the configured cap, whichever is smaller; the whole fetch
 * has one time limit. Anything that goes wrong is a {@link Refused}: the registered file's fault, or its
 * host's, never a reason to retry the job.
 */
@ApplicationScoped
public class RemoteFetcher {

    public static final String USER_AGENT = "Depot-Processing/1.0";
    private static final Set<Integer> REDIRECTS = Set.of(301, 302, 303, 307, 308);

    /** The fetched bytes, verified: the caller deletes {@code file} when done with it. */
    public record Fetched(Path file, long size, String sha256) {}

    private sealed interface Answer permits Body, Redirect {}

    private record Body(long size, String sha256) implements Answer {}

    private record Redirect(String location) implements Answer {}

    private final Vertx vertx;
    private final ProcessingConfig.RemoteFetch config;
    private final UrlGuard guard;
    private final HttpClient client;
    private final Path tmp;

    public RemoteFetcher(Vertx vertx, ProcessingConfig config) {
        this.vertx = vertx;
        this.config = config.remoteFetch();
        this.guard = new UrlGuard(this.config.allowPrivateTargets());
        this.client = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout((int) this.config.connectTimeout().toMillis())
                .setVerifyHost(true)
                .setForceSni(true)
                .setKeepAlive(false)
                .setDecompressionSupported(false));
        this.tmp = Path.of(config.dataDir()).toAbsolutePath().resolve("fetch");
        try {
            Files.createDirectories(tmp);
            // Left by a worker stopped mid-fetch: nothing refers to them.
            try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(tmp, "*.part")) {
                for (Path p : leftovers) {
                    Files.deleteIfExists(p);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot use " + tmp + " for fetched files", e);
        }
    }

    void close(@Observes ShutdownEvent event) {
        client.close();
    }

    /**
     * Fetches {@code url} (blocking; call it from a worker thread) and checks the bytes are the
     * registered ones: no more than {@code registeredSize}, and {@code registeredSha256} as their hash.
     */
    public Fetched fetch(String url, long registeredSize, String registeredSha256)
            throws Refused, InterruptedException {
        long cap = config.maxSize().asLongValue();
        if (registeredSize > cap) {
            throw new Refused("registered as " + registeredSize + " bytes, over the limit of " + cap
                    + " bytes for files fetched from their cdn_url");
        }
        String limitText = registeredSize + " bytes (its registered file_size)";
        long deadline = System.nanoTime() + config.timeout().toNanos();
        Path part;
        try {
            part = Files.createTempFile(tmp, "fetch-", ".part");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        boolean kept = false;
        try {
            String current = url;
            for (int hop = 0; ; hop++) {
                Target target = guard.resolve(current);
                Answer answer = get(target, part, registeredSize, limitText, deadline);
                if (answer instanceof Body body) {
                    if (!body.sha256().equalsIgnoreCase(registeredSha256)) {
                        throw new Refused("the bytes at cdn_url do not match the registered sha256_hash: they hash to "
                                + body.sha256() + " (" + body.size() + " bytes)");
                    }
                    kept = true;
                    return new Fetched(part, body.size(), body.sha256());
                }
                if (hop >= config.maxRedirects()) {
                    throw new Refused("cdn_url redirects more than " + config.maxRedirects() + " times");
                }
                current = next(target.uri(), ((Redirect) answer).location());
            }
        } finally {
            if (!kept) {
                try {
                    Files.deleteIfExists(part);
                } catch (IOException ignored) {
                    // The next start removes it.
                }
            }
        }
    }

    private static String next(URI from, String location) throws Refused {
        if (location == null || location.isBlank()) {
            throw new Refused("cdn_url answered a redirect without a Location");
        }
        try {
            return from.resolve(location.trim()).toString();
        } catch (IllegalArgumentException e) {
            throw new Refused("cdn_url redirects to an invalid URL");
        }
    }

    /** One GET to the checked address; the body, if any, lands in {@code part}. */
    private Answer get(Target target, Path part, long limit, String limitText, long deadline)
            throws Refused, InterruptedException {
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
            throw tooSlow();
        }
        AsyncFile file = vertx.fileSystem()
                .openBlocking(
                        part.toString(),
                        new OpenOptions().setWrite(true).setCreate(true).setTruncateExisting(true));
        MessageDigest digest = Hashes.sha256();
        long[] received = {0};
        CompletableFuture<Answer> done = new CompletableFuture<>();
        AtomicReference<HttpClientRequest> sent = new AtomicReference<>();
        AtomicBoolean closed = new AtomicBoolean();
        file.exceptionHandler(done::completeExceptionally);
        RequestOptions options = new RequestOptions()
                .setMethod(HttpMethod.GET)
                .setServer(SocketAddress.inetSocketAddress(
                        target.port(), target.address().getHostAddress()))
                .setHost(target.host())
                .setPort(target.port())
                .setSsl(target.ssl())
                .setURI(target.requestUri())
                .setFollowRedirects(false)
                .setIdleTimeout(Math.max(1, TimeUnit.NANOSECONDS.toMillis(remaining)))
                .putHeader("User-Agent", USER_AGENT)
                .putHeader("Accept-Encoding", "identity");
        client.request(options).onComplete(opened -> {
            if (opened.failed()) {
                done.completeExceptionally(opened.cause());
                return;
            }
            HttpClientRequest request = opened.result();
            sent.set(request);
            if (done.isDone()) {
                request.reset(); // given up on while connecting
                return;
            }
            request.response().onComplete(answered -> {
                if (done.isDone()) {
                    request.reset();
                    return;
                }
                if (answered.failed()) {
                    done.completeExceptionally(answered.cause());
                    return;
                }
                HttpClientResponse response = answered.result();
                // Also takes the reset that ends every answer this refuses, which would otherwise be logged as an
                // error.
                response.exceptionHandler(done::completeExceptionally);
                int status = response.statusCode();
                if (REDIRECTS.contains(status)) {
                    done.complete(new Redirect(response.getHeader("Location")));
                    request.reset();
                    return;
                }
                if (status != 200) {
                    done.completeExceptionally(new Refused("cdn_url answered " + status));
                    request.reset();
                    return;
                }
                Long declared = contentLength(response.getHeader("Content-Length"));
                if (declared != null && declared > limit) {
                    done.completeExceptionally(
                            new Refused("cdn_url sends " + declared + " bytes, more than " + limitText));
                    request.reset();
                    return;
                }
                response.handler(chunk -> {
                    if (done.isDone()) {
                        return;
                    }
                    received[0] += chunk.length();
                    if (received[0] > limit) {
                        done.completeExceptionally(new Refused("cdn_url sends more than " + limitText));
                        request.reset();
                        return;
                    }
                    digest.update(chunk.getBytes());
                    file.write(chunk);
                    if (file.writeQueueFull()) {
                        response.pause();
                        file.drainHandler(v -> response.resume());
                    }
                });
                // Closing waits for the writes still queued: the file is whole once this answers.
                response.endHandler(v -> close(file, closed).onComplete(written -> {
                    if (written.succeeded()) {
                        done.complete(new Body(received[0], Hashes.hex(digest.digest())));
                    } else {
                        done.completeExceptionally(written.cause());
                    }
                }));
            });
            request.end();
        });
        try {
            return done.get(remaining, TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            throw tooSlow();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof Refused r) {
                throw r;
            }
            // The request's idle timeout is the whole remaining budget: when it fires, the deadline has passed
            // too, and which of the two timers went first is a race that must not change the reason.
            if (e.getCause() instanceof NoStackTraceTimeoutException) {
                throw tooSlow();
            }
            throw new Refused(
                    "could not fetch cdn_url from " + target.host() + ": " + describe(e.getCause()), e.getCause());
        } finally {
            HttpClientRequest request = sent.get();
            if (request != null && !done.isDone()) {
                request.reset();
            }
            if (!done.isDone()) {
                done.cancel(false);
            }
            try {
                close(file, closed).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
            } catch (ExecutionException | TimeoutException ignored) {
                // A fetch that failed: the file is deleted anyway.
            }
        }
    }

    private static Future<Void> close(AsyncFile file, AtomicBoolean closed) {
        return closed.compareAndSet(false, true) ? file.close() : Future.succeededFuture();
    }

    private Refused tooSlow() {
        return new Refused("fetching cdn_url took longer than the limit of " + config.timeout());
    }

    private static Long contentLength(String header) {
        if (header == null) {
            return null;
        }
        try {
            return Long.parseLong(header.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static String describe(Throwable e) {
        String name = e.getClass().getSimpleName();
        return e.getMessage() == null
                ? name
                : name + ": " + e.getMessage().toLowerCase(Locale.ROOT).strip();
    }
}
