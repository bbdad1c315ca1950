package dev.depot.files.storage;

import dev.depot.blobstore.BlobStore;
import dev.depot.blobstore.LocalBlobStore;
import dev.depot.blobstore.S3BlobStore;
import dev.depot.blobstore.S3Settings;
import dev.depot.files.config.BlobStoreConfig;
import dev.depot.files.config.FilesConfig;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

/**
 * The blob store, built from {@code depot.blobstore.*}: local under {@code <data-dir>/blobs} (the default)
 * or an S3 bucket. Either way temporary files (uploads being hashed, spooled request bodies in
 * {@code tmp/spool}, resumable uploads) stay in the local {@code <data-dir>/blobs/tmp}.
 */
@ApplicationScoped
public class BlobStoreProducer {

    /* Made at start: its file-system (or bucket) work must not land on the first request's event loop. */
    // Singleton, not application-scoped: no client proxy, so callers see the store's own class (the local
    // store's leftover recovery asks for it).
    @Produces
    @Startup
    @Singleton
    BlobStore blobStore(BlobStoreConfig store, FilesConfig config, Clock clock) {
        Path blobs = Path.of(config.dataDir()).toAbsolutePath().resolve("blobs");
        BlobStore made =
                switch (store.kind()) {
                    case "local" -> new LocalBlobStore(blobs, clock);
                    case "s3" ->
                        new S3BlobStore(
                                S3Settings.of(
                                                store.s3()
                                                        .endpoint()
                                                        .map(URI::create)
                                                        .orElse(null),
                                                store.s3().region(),
                                                store.s3().bucket(),
                                                store.s3().accessKey().orElse(null),
                                                store.s3().secretKey().orElse(null),
                                                store.s3().prefix())
                                        .withPathStyle(store.s3().pathStyle()),
                                blobs.resolve("tmp"));
                    default ->
                        throw new IllegalArgumentException("depot.blobstore.kind is local or s3, not " + store.kind());
                };
        try {
            Files.createDirectories(spoolDirectory(made));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + spoolDirectory(made), e);
        }
        return made;
    }

    /**
     * Where multipart request bodies stream to (quarkus.http.body.uploads-directory, inside the temporary
     * directory, so on the same file system); every file here belongs to a request in progress.
     */
    public static Path spoolDirectory(BlobStore store) {
        return store.temporaryDirectory().resolve("spool");
    }

    void close(@Disposes BlobStore store) throws IOException {
        store.close();
    }
}
