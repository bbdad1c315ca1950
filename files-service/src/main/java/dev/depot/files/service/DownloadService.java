package dev.depot.files.service;

import dev.depot.blobstore.BlobStore;
import dev.depot.common.error.ApiException;
import dev.depot.files.DerivedImage;
import dev.depot.files.Level;
import dev.depot.files.StoredFile;
import dev.depot.files.repository.FileRepository;
import dev.depot.files.storage.SignedLinks;
import dev.depot.files.storage.UrlSigner;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** Download links (signed, expiring), the bytes behind them, and the images made of them. */
@ApplicationScoped
public class DownloadService {

    private final FileRepository files;
    private final FileService fileService;
    private final BlobStore blobs;
    private final UrlSigner signer;
    private final SignedLinks links;
    private final Vertx vertx;
    private final ExternalUrls externalUrls;
    private final Access access;
    private final Clock clock;

    public DownloadService(
            FileRepository files,
            FileService fileService,
            BlobStore blobs,
            UrlSigner signer,
            SignedLinks links,
            Vertx vertx,
            ExternalUrls externalUrls,
            Access access,
            Clock clock) {
        this.access = access;
        this.externalUrls = externalUrls;
        this.links = links;
        this.files = files;
        this.fileService = fileService;
        this.blobs = blobs;
        this.signer = signer;
        this.vertx = vertx;
        this.clock = clock;
    }

    /**
     * What /files/{id}/download/ answers, and whether the URL is hosted elsewhere ({@code external}) and may be
     * a redirect's target ({@code redirect}: Depot's own URLs, and external ones on an allowed host).
     */
    public record Link(
            String downloadUrl,
            String filename,
            long size,
            String mimeType,
            Instant expiresAt,
            boolean external,
            boolean redirect) {}

    /** The link of a file whose bytes are hosted elsewhere: its external URL, a redirect target only if allowed. */
    public Link external(StoredFile file) {
        return new Link(
                file.cdnUrl,
                file.filename,
                file.fileSize,
                file.mimeType,
                null,
                true,
                externalUrls.redirectable(file.cdnUrl));
    }

    /** As {@link #link(UUID, UUID, URI)}, for a file the caller may download, whoever owns it. */
    public Uni<Link> link(Caller caller, UUID id, URI base) {
        return access.file(caller, id, Level.DOWNLOAD).chain(f -> link(f.ownerId, id, base));
    }

    /** A signed URL under /cdn/ for bytes kept here; the external URL for files registered from elsewhere. */
    Uni<Link> link(UUID ownerId, UUID id, URI base) {
        return fileService.recordDownload(ownerId, id).map(file -> {
            if (file.storagePath == null) {
                return external(file);
            }
            Instant expires = links.expiry();
            return new Link(
                    links.signed(file, expires, base).toString(),
                    file.filename,
                    file.fileSize,
                    file.mimeType,
                    expires,
                    false,
                    true);
        });
    }

    /** The bytes for whoever holds a valid signed URL; a tampered or expired one is 403. */
    @WithSession
    public Uni<Download> signed(UUID id, long exp, String sig) {
        long now = clock.instant().getEpochSecond();
        return files.find("id = ?1 and trashedAt is null", id)
                .<StoredFile>firstResult()
                .map(file -> {
                    if (file == null
                            || file.storagePath == null
                            || exp < now
                            || !signer.verify(file.id, file.sha256, exp, sig)) {
                        throw ApiException.forbidden("this download link is not valid or has expired");
                    }
                    return Download.of(file, blobs, exp - now);
                });
    }

    /**
     * The bytes at a file's public CDN address (see SignedLinks#publicUrl). 404 once the file is trashed
     * or deleted, its content replaced, or for a wrong key; never cached, so that holds at once.
     */
    @WithSession
    public Uni<Download> published(UUID id, String key) {
        return files.find("id = ?1 and trashedAt is null", id)
                .<StoredFile>firstResult()
                .map(file -> {
                    if (file == null
                            || file.storagePath == null
                            || !signer.verifyPublic(file.id, file.version, file.sha256, key)) {
                        throw ApiException.notFound("file " + id);
                    }
                    return Download.of(file, blobs, 0);
                });
    }

    /** The bytes of a file the caller may download, whoever owns it. */
    public Uni<Download> content(Caller caller, UUID id) {
        return access.file(caller, id, Level.DOWNLOAD).chain(f -> owned(f.ownerId, id));
    }

    /** The bytes of the owner's file, for a caller whose rights the WebDAV drive has already checked. */
    @WithSession
    public Uni<Download> owned(UUID ownerId, UUID id) {
        return files.findLive(ownerId, id).map(file -> {
            if (file == null || file.storagePath == null) {
                throw ApiException.notFound("content of file " + id);
            }
            return Download.of(file, blobs, 0);
        });
    }

    /**
     * A thumbnail or preview for whoever holds its signed URL (SignedLinks#rendition): what a public link
     * shows its visitors. A wrong, expired or other kind's signature, a trashed file and a file without
     * that image are all 404, so nothing about the file is told to a guesser. The signature is checked
     * before the database is asked, so forged URLs cost no query.
     */
    @WithSession
    public Uni<Download> rendition(UUID id, String kindKey, long exp, String sig) {
        DerivedImage kind = DerivedImage.of(kindKey);
        long now = clock.instant().getEpochSecond();
        if (kind == null || exp < now || !signer.verifyRendition(id, kind.key(), exp, sig)) {
            return Uni.createFrom().failure(ApiException.notFound("image"));
        }
        return files.find("id = ?1 and trashedAt is null", id)
                .<StoredFile>firstResult()
                .chain(file -> {
                    if (file == null) {
                        return Uni.createFrom().failure(ApiException.notFound("image"));
                    }
                    // Cached by the browser for the URL's own hour at most; private: the link may be protected.
                    return derived(file, kind, SignedLinks.RENDITION_TTL_SECONDS)
                            .onFailure(ApiException.class)
                            .transform(e -> ApiException.notFound("image"));
                });
    }

    /**
     * A thumbnail or preview of a file the caller may view, with the same CDN behaviour as its bytes;
     * 404 while there is none. Looking at one is not a download: nothing is recorded.
     */
    public Uni<Download> derived(Caller caller, UUID id, DerivedImage kind) {
        return access.file(caller, id, Level.VIEW).chain(file -> derived(file, kind, 0));
    }

    private Uni<Download> derived(StoredFile file, DerivedImage kind, long maxAgeSeconds) {
        String sha256 = kind == DerivedImage.THUMBNAIL ? file.thumbnailSha256 : file.previewSha256;
        if (sha256 == null) {
            return Uni.createFrom()
                    .failure(new ApiException(
                            404,
                            "ResourceNotFound",
                            "file " + file.id + " has no " + kind.key() + " (processing_status: "
                                    + file.processingStatus + ")",
                            Map.of("processing_status", file.processingStatus),
                            null));
        }
        String name = baseName(file.filename) + "-" + kind.key() + ".jpg";
        // The size comes from the store, asked on a worker thread (a file's attributes, or a HEAD request).
        return vertx.executeBlocking(Uni.createFrom().item(() -> {
                    try {
                        return blobs.stat(sha256);
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }))
                .map(info -> info.orElseThrow(() -> new ApiException(
                        404,
                        "ResourceNotFound",
                        "the " + kind.key() + " of file " + file.id + " is not in the blob store")))
                // No Last-Modified: an image is told apart by its ETag alone.
                .map(info -> new Download(blobs, sha256, sha256, info.size(), "image/jpeg", name, null, maxAgeSeconds));
    }

    /** "holiday.png" as "holiday", for naming its images "holiday-thumbnail.jpg". */
    static String baseName(String filename) {
        int dot = filename.lastIndexOf('.');
        return dot > 0 ? filename.substring(0, dot) : filename;
    }
}
