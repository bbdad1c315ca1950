package dev.depot.files.service;

import dev.depot.common.error.ApiException;
import dev.depot.files.StoredFile;
import dev.depot.files.config.FilesConfig;
import dev.depot.files.repository.FileRepository;
import dev.depot.files.storage.BlobStore;
import dev.depot.files.storage.UrlSigner;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import java.net.URI;
import java.time.Instant;
import java.util.UUID;

/** Download links (signed, expiring) and the bytes behind them. */
@ApplicationScoped
public class DownloadService {

    private final FilesConfig config;
    private final FileRepository files;
    private final FileService fileService;
    private final BlobStore blobs;
    private final UrlSigner signer;

    public DownloadService(FilesConfig config, FileRepository files, FileService fileService, BlobStore blobs,
            UrlSigner signer) {
        this.config = config;
        this.files = files;
        this.fileService = fileService;
        this.blobs = blobs;
        this.signer = signer;
    }

    /** The seed's download answer. */
    public record Link(String downloadUrl, String filename, long size, String mimeType, Instant expiresAt) {
    }

    /** A signed URL under /cdn/ for bytes kept here; the external URL for files registered from elsewhere. */
    public Uni<Link> link(UUID ownerId, UUID id, URI base) {
        return fileService.recordDownload(ownerId, id).map(file -> {
            if (file.storagePath == null) {
                return new Link(file.cdnUrl, file.filename, file.fileSize, file.mimeType, null);
            }
            Instant expires = Instant.now().plus(config.downloadUrlTtl());
            long exp = expires.getEpochSecond();
            URI url = UriBuilder.fromUri(base).path("cdn").path(file.id.toString()).path(file.filename)
                    .queryParam("exp", exp).queryParam("sig", signer.sign(file.id, file.sha256, exp)).build();
            return new Link(url.toString(), file.filename, file.fileSize, file.mimeType, expires);
        });
    }

    /** The bytes for whoever holds a valid signed URL; a tampered or expired one is 403. */
    @WithSession
    public Uni<Response> signed(UUID id, long exp, String sig, String range, String ifNoneMatch) {
        long now = Instant.now().getEpochSecond();
        return files.find("id = ?1 and trashedAt is null", id).<StoredFile> firstResult().map(file -> {
            if (file == null || file.storagePath == null || exp < now || !signer.verify(file.id, file.sha256, exp, sig)) {
                throw ApiException.forbidden("this download link is not valid or has expired");
            }
            return ByteResponses.of(file, blobs.path(file.storagePath), range, ifNoneMatch, exp - now);
        });
    }

    /** The bytes for their signed-in owner. */
    @WithSession
    public Uni<Response> owned(UUID ownerId, UUID id, String range, String ifNoneMatch) {
        return files.findLive(ownerId, id).map(file -> {
            if (file == null || file.storagePath == null) {
                throw ApiException.notFound("content of file " + id);
            }
            return ByteResponses.of(file, blobs.path(file.storagePath), range, ifNoneMatch, 0);
        });
    }
}
