package dev.depot.processing.job;

import dev.depot.blobstore.BlobStore;
import dev.depot.crypto.Hashes;
import dev.depot.events.payload.FilePayload;
import dev.depot.events.payload.ProcessingPayload;
import dev.depot.processing.config.ProcessingConfig;
import dev.depot.processing.derive.Derived;
import dev.depot.processing.derive.ImageDeriver;
import dev.depot.processing.derive.PdfDeriver;
import dev.depot.processing.derive.Refused;
import dev.depot.processing.derive.TextDeriver;
import dev.depot.processing.derive.Watchdog;
import dev.depot.processing.fetch.RemoteFetcher;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.jboss.logging.Logger;

/**
 * One file's job, run on the calling (pool) thread: pick what to make from the type, fetch the bytes
 * of a file registered by URL, make it within the time bound, store it. A bad file fails its job; a blob store that does not answer is retried
 * with backoff and then given up (the caller dead-letters the event).
 */
@ApplicationScoped
public class Jobs {

    private static final Logger LOG = Logger.getLogger(Jobs.class);

    /** The job could not be done for a reason that is not the file's fault, after every retry. */
    public static class GaveUp extends Exception {
        public final ProcessingPayload failure;

        GaveUp(ProcessingPayload failure, Throwable cause) {
            super(failure.reason(), cause);
            this.failure = failure;
        }
    }

    private final ProcessingConfig config;
    private final BlobStore blobs;
    private final ImageDeriver images;
    private final PdfDeriver pdfs;
    private final TextDeriver texts;
    private final RemoteFetcher fetcher;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "job-watchdog");
        t.setDaemon(true);
        return t;
    });

    public Jobs(
            ProcessingConfig config,
            BlobStore blobs,
            ImageDeriver images,
            PdfDeriver pdfs,
            TextDeriver texts,
            RemoteFetcher fetcher) {
        this.config = config;
        this.blobs = blobs;
        this.images = images;
        this.pdfs = pdfs;
        this.texts = texts;
        this.fetcher = fetcher;
    }

    @PreDestroy
    void stop() {
        timer.shutdownNow();
    }

    /** An upload, a new version or a reprocess request: bytes from the blob store, or from the cdn_url of a registered file. */
    public ProcessingPayload run(FilePayload file) throws GaveUp, InterruptedException {
        if (file.cdnUrl() != null) {
            return runRegistered(file);
        }
        String mime = file.mimeType() == null ? "" : file.mimeType().toLowerCase();
        if (file.sha256() == null) {
            return outcome(file, "skipped", "no bytes here: the file was registered from an external URL");
        }
        if (!handled(mime)) {
            return outcome(file, "skipped", "nothing is made for " + (mime.isEmpty() ? "unknown types" : mime));
        }
        IOException last = null;
        for (int attempt = 1; attempt <= config.attempts(); attempt++) {
            try {
                return attempt(file, mime);
            } catch (IOException e) {
                last = e;
                LOG.warnf("file %s, attempt %d of %d: %s", file.fileId(), attempt, config.attempts(), e.toString());
                if (attempt < config.attempts()) {
                    Thread.sleep(config.retryBackoff().toMillis() << (attempt - 1));
                }
            }
        }
        throw new GaveUp(outcome(file, "failed", "gave up after " + config.attempts() + " attempts: " + last), last);
    }

    /**
     * A file registered by URL: its bytes are fetched (see {@link RemoteFetcher}) and must hash to the
     * registered sha256_hash; then the same derivations as for stored bytes. Nothing here is retried: a
     * host that refuses or does not answer is the registration's problem, reported in the result.
     */
    public ProcessingPayload runRegistered(FilePayload file) throws InterruptedException {
        String mime = file.mimeType() == null ? "" : file.mimeType().toLowerCase();
        if (file.cdnUrl() == null) {
            return outcome(file, "skipped", "no bytes to process: the file was registered without a cdn_url");
        }
        if (!handled(mime)) {
            return outcome(file, "skipped", "nothing is made for " + (mime.isEmpty() ? "unknown types" : mime));
        }
        if (!config.remoteFetch().enabled()) {
            return outcome(file, "skipped", "files registered by URL are not fetched here (remote fetching is off)");
        }
        if (file.sha256() == null) {
            return outcome(file, "skipped", "no sha256_hash was registered to check the bytes at cdn_url against");
        }
        RemoteFetcher.Fetched fetched;
        try {
            fetched = fetcher.fetch(file.cdnUrl(), file.fileSize(), file.sha256());
        } catch (Refused e) {
            return outcome(file, "failed", e.getMessage());
        }
        try {
            return derive(file, mime, fetched.file());
        } catch (IOException e) {
            return outcome(file, "failed", "could not be processed: " + e);
        } finally {
            try {
                Files.deleteIfExists(fetched.file());
            } catch (IOException e) {
                LOG.warnf("file %s: fetched copy %s not deleted: %s", file.fileId(), fetched.file(), e);
            }
        }
    }

    private static boolean handled(String mime) {
        return ImageDeriver.TYPES.contains(mime) || "application/pdf".equals(mime) || TextDeriver.handles(mime);
    }

    private ProcessingPayload attempt(FilePayload file, String mime) throws IOException {
        java.util.Optional<Path> local = blobs.localPath(file.sha256());
        if (local.isPresent()) {
            if (!Files.isRegularFile(local.get())) {
                throw new NoSuchFileException(local.get().toString(), null, "the blob is not in the store");
            }
            return derive(file, mime, local.get());
        }
        // The decoders want a file: a remote blob is copied to a local one for the job, then dropped.
        Path copy = blobs.temporaryFile();
        try {
            try (java.io.InputStream in = blobs.open(file.sha256())) {
                Files.copy(in, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            return derive(file, mime, copy);
        } finally {
            Files.deleteIfExists(copy);
        }
    }

    /** Stores a derived image (the same image made twice is one blob) and answers its SHA-256. */
    private String store(byte[] bytes) throws IOException {
        String sha256 = Hashes.sha256Hex(bytes);
        blobs.put(new java.io.ByteArrayInputStream(bytes), sha256);
        return sha256;
    }

    /** Makes what the type calls for from {@code source}, within the time bound, and stores it. */
    private ProcessingPayload derive(FilePayload file, String mime, Path source) throws IOException {
        long started = System.nanoTime();
        Watchdog watchdog = new Watchdog();
        ScheduledFuture<?> bound =
                timer.schedule(watchdog::fire, config.jobTimeout().toMillis(), TimeUnit.MILLISECONDS);
        try {
            Derived d;
            if (ImageDeriver.TYPES.contains(mime)) {
                d = images.derive(source, mime, watchdog);
            } else if ("application/pdf".equals(mime)) {
                d = pdfs.derive(source, watchdog);
            } else {
                d = texts.derive(source);
            }
            watchdog.check();
            String thumbnail = d.thumbnail() == null ? null : store(d.thumbnail());
            String preview = d.preview() == null ? null : store(d.preview());
            return new ProcessingPayload(
                    file.fileId(),
                    file.ownerId(),
                    file.sha256(),
                    "completed",
                    thumbnail,
                    preview,
                    d.width(),
                    d.height(),
                    d.takenAt(),
                    d.pageCount(),
                    d.textPreview(),
                    null,
                    (System.nanoTime() - started) / 1_000_000);
        } catch (Refused e) {
            return outcome(file, "failed", e.getMessage());
        } catch (IOException e) {
            if (watchdog.fired()) {
                return outcome(file, "failed", "took longer than the job time limit of " + config.jobTimeout());
            }
            throw e;
        } catch (RuntimeException | OutOfMemoryError e) {
            // Decoders meet hostile input with all kinds of exceptions: the file's fault, not the worker's.
            return outcome(
                    file,
                    "failed",
                    watchdog.fired() ? "took longer than the job time limit" : "could not be processed: " + e);
        } finally {
            bound.cancel(false);
            Thread.interrupted();
        }
    }

    private static ProcessingPayload outcome(FilePayload file, String status, String reason) {
        return ProcessingPayload.of(file.fileId(), file.ownerId(), file.sha256(), status, reason);
    }
}
