package dev.depot.processing.job;

import dev.depot.events.payload.FilePayload;
import dev.depot.events.payload.ProcessingPayload;
import dev.depot.processing.config.ProcessingConfig;
import dev.depot.processing.derive.Derived;
import dev.depot.processing.derive.ImageDeriver;
import dev.depot.processing.derive.PdfDeriver;
import dev.depot.processing.derive.Refused;
import dev.depot.processing.derive.TextDeriver;
import dev.depot.processing.derive.Watchdog;
import dev.depot.processing.storage.BlobFiles;
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
 * One file's job, run on the calling (pool) thread: pick what to make from the type, make it within
 * the time bound, store it. A bad file fails its job; a blob store that does not answer is retried
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
    private final BlobFiles blobs;
    private final ImageDeriver images;
    private final PdfDeriver pdfs;
    private final TextDeriver texts;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "job-watchdog");
        t.setDaemon(true);
        return t;
    });

    public Jobs(ProcessingConfig config, BlobFiles blobs, ImageDeriver images, PdfDeriver pdfs, TextDeriver texts) {
        this.config = config;
        this.blobs = blobs;
        this.images = images;
        this.pdfs = pdfs;
        this.texts = texts;
    }

    @PreDestroy
    void stop() {
        timer.shutdownNow();
    }

    public ProcessingPayload run(FilePayload file) throws GaveUp, InterruptedException {
        String mime = file.mimeType() == null ? "" : file.mimeType().toLowerCase();
        if (file.sha256() == null) {
            return outcome(file, "skipped", "no bytes here: the file was registered from an external URL");
        }
        if (!ImageDeriver.TYPES.contains(mime) && !"application/pdf".equals(mime) && !TextDeriver.handles(mime)) {
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

    private ProcessingPayload attempt(FilePayload file, String mime) throws IOException {
        long started = System.nanoTime();
        Path source = blobs.path(file.sha256());
        if (!Files.isRegularFile(source)) {
            throw new NoSuchFileException(source.toString(), null, "the blob is not in the store");
        }
        Watchdog watchdog = new Watchdog();
        ScheduledFuture<?> bound = timer.schedule(watchdog::fire, config.jobTimeout().toMillis(), TimeUnit.MILLISECONDS);
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
            String thumbnail = d.thumbnail() == null ? null : blobs.put(d.thumbnail());
            String preview = d.preview() == null ? null : blobs.put(d.preview());
            return new ProcessingPayload(file.fileId(), file.ownerId(), file.sha256(), "completed", thumbnail, preview,
                    d.width(), d.height(), d.takenAt(), d.pageCount(), d.textPreview(), null,
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
            return outcome(file, "failed", watchdog.fired() ? "took longer than the job time limit"
                    : "could not be processed: " + e);
        } finally {
            bound.cancel(false);
            Thread.interrupted();
        }
    }

    private static ProcessingPayload outcome(FilePayload file, String status, String reason) {
        return ProcessingPayload.of(file.fileId(), file.ownerId(), file.sha256(), status, reason);
    }
}
