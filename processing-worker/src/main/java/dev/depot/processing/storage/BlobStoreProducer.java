package dev.depot.processing.storage;

import dev.depot.blobstore.BlobStore;
import dev.depot.blobstore.LocalBlobStore;
import dev.depot.blobstore.S3BlobStore;
import dev.depot.blobstore.S3Settings;
import dev.depot.processing.config.BlobStoreConfig;
import dev.depot.processing.config.ProcessingConfig;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;

/**
 * The blob store files-service writes file bytes to, built from {@code depot.blobstore.*}: the worker
 * reads sources and writes derived images only through it, never by path.
 */
@ApplicationScoped
public class BlobStoreProducer {

    /* Made at start: reaching the bucket or creating directories must not land on the first job. */
    // Singleton, not application-scoped: no client proxy, so callers see the store's own class (the local
    // store's leftover recovery asks for it).
    @Produces
    @Startup
    @Singleton
    BlobStore blobStore(BlobStoreConfig store, ProcessingConfig config) {
        Path blobs = Path.of(config.dataDir()).toAbsolutePath().resolve("blobs");
        return switch (store.kind()) {
            case "local" -> new LocalBlobStore(blobs, Clock.systemUTC());
            case "s3" ->
                new S3BlobStore(
                        S3Settings.of(
                                        store.s3().endpoint().map(URI::create).orElse(null),
                                        store.s3().region(),
                                        store.s3().bucket(),
                                        store.s3().accessKey().orElse(null),
                                        store.s3().secretKey().orElse(null),
                                        store.s3().prefix())
                                .withPathStyle(store.s3().pathStyle()),
                        // Its own: files-service, sharing the data directory under ./depot up, empties blobs/tmp at
                        // start, and would take a source the worker is still reading.
                        Path.of(config.dataDir()).toAbsolutePath().resolve("worker-tmp"));
            default -> throw new IllegalArgumentException("depot.blobstore.kind is local or s3, not " + store.kind());
        };
    }

    void close(@Disposes BlobStore store) throws IOException {
        store.close();
    }
}
