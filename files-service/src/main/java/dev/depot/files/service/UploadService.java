package dev.depot.files.service;

import dev.depot.common.error.ApiException;
import dev.depot.files.StoredFile;
import dev.depot.files.config.FilesConfig;
import dev.depot.files.storage.BlobStore;
import dev.depot.files.storage.IncomingFile;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Byte uploads. The body has already streamed to a file on disk (Vert.x spools multipart parts);
 * here it is hashed and typed on a worker thread, moved whole into the blob store, and only then
 * recorded, so a listed file always has its bytes. If recording fails, the blob is collected later
 * by {@link BlobCollector} unless another file uses the same bytes.
 */
@ApplicationScoped
public class UploadService {

    private static final Logger LOG = Logger.getLogger(UploadService.class);

    private final FilesConfig config;
    private final BlobStore blobs;
    private final FileService files;
    private final Vertx vertx;

    public UploadService(FilesConfig config, BlobStore blobs, FileService files, Vertx vertx) {
        this.config = config;
        this.blobs = blobs;
        this.files = files;
        this.vertx = vertx;
    }

    public Uni<StoredFile> upload(UUID ownerId, UUID folderId, Path spooled, String clientFilename) {
        return vertx.executeBlocking(Uni.createFrom().item(() -> {
            try {
                long size = Files.size(spooled);
                if (size > config.maxUploadSize()) {
                    throw ApiException.tooLarge("file too large: the limit is " + config.maxUploadSize() + " bytes");
                }
                IncomingFile incoming = IncomingFile.inspect(spooled, clientFilename);
                blobs.put(spooled, incoming.sha256());
                return incoming;
            } catch (java.io.IOException e) {
                throw new IllegalStateException("storing the upload failed", e);
            } finally {
                deleteQuietly(spooled);
            }
        })).chain(incoming -> files.storeUploaded(ownerId, folderId, clientFilename, incoming));
    }

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (java.io.IOException e) {
            LOG.warnf("could not remove %s: %s", path, e.getMessage());
        }
    }
}
