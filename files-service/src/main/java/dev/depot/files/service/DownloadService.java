package dev.depot.files.service;

import dev.depot.common.error.ApiException;
import dev.depot.files.StoredFile;
import dev.depot.files.repository.FileRepository;
import dev.depot.files.storage.BlobStore;
import dev.depot.files.storage.UrlSigner;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
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

    public DownloadService(FileRepository files, FileService fileService, BlobStore blobs,
            UrlSigner signer, SignedLinks links, Vertx vertx, ExternalUrls externalUrls) {
        this.externalUrls = externalUrls;
        this.links = links;
        this.files = files;
        this.fileService = fileService;
        this.blobs = blobs;
        this.signer = signer;
        this.vertx = vertx;
    }

    /** The images processing-worker makes of a file's content: JPEGs in the blob store. */
    public enum Derived {
        THUMBNAIL, PREVIEW;

        public String key() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** "thumbnail" or "preview"; null for anything else. */
        public static Derived of(String key) {
            for (Derived d : values()) {
                if (d.key().equals(key)) {
                    return d;
                }
            }
            return null;
        }
    }

    /**
     * The seed's download answer, and whether the URL is hosted elsewhere ({@code external}) and may be
     * a redirect's target ({@code redirect}: Depot's own URLs, and external ones on an allowed host).
     */
    public record Link(String downloadUrl, String filename, long size, String mimeType, Instant expiresAt,
            boolean external, boolean redirect) {
    }

    /** The link of a file whose bytes are hosted elsewhere: its external URL, a redirect target only if allowed. */
    public Link external(StoredFile file) {
        return new Link(file.cdnUrl, file.filename, file.fileSize, file.mimeType, null, true,
                externalUrls.redirectable(file.cdnUrl));
    }

    /** A signed URL under /cdn/ for bytes kept here; the external URL for files registered from elsewhere. */
    public Uni<Link> link(UUID ownerId, UUID id, URI base) {
        return fileService.recordDownload(ownerId, id).map(file -> {
            if (file.storagePath == null) {
                return external(file);
            }
            Instant expires = links.expiry();
            return new Link(links.signed(file, expires, base).toString(), file.filename, file.fileSize, file.mimeType,
                    expires, false, true);
        });
    }

    /** The bytes for whoever holds a valid signed URL; a tampered or expired one is 403. */
    @WithSession
    public Uni<Response> signed(UUID id, long exp, String sig, Ranges.Request request) {
        long now = Instant.now().getEpochSecond();
        return files.find("id = ?1 and trashedAt is null", id).<StoredFile> firstResult().map(file -> {
            if (file == null || file.storagePath == null || exp < now || !signer.verify(file.id, file.sha256, exp, sig)) {
                throw ApiException.forbidden("this download link is not valid or has expired");
            }
            return ByteResponses.of(file, blobs.path(file.storagePath), request, exp - now);
        });
    }

    /**
     * The bytes at a file's public CDN address (see SignedLinks#publicUrl). 404 once the file is trashed
     * or deleted, its content replaced, or for a wrong key; never cached, so that holds at once.
     */
    @WithSession
    public Uni<Response> published(UUID id, String key, Ranges.Request request) {
        return files.find("id = ?1 and trashedAt is null", id).<StoredFile> firstResult().map(file -> {
            if (file == null || file.storagePath == null || !signer.verifyPublic(file.id, file.version, file.sha256, key)) {
                throw ApiException.notFound("file " + id);
            }
            return ByteResponses.of(file, blobs.path(file.storagePath), request, 0);
        });
    }

    /** The bytes for their signed-in owner. */
    @WithSession
    public Uni<Response> owned(UUID ownerId, UUID id, Ranges.Request request) {
        return files.findLive(ownerId, id).map(file -> {
            if (file == null || file.storagePath == null) {
                throw ApiException.notFound("content of file " + id);
            }
            return ByteResponses.of(file, blobs.path(file.storagePath), request, 0);
        });
    }

    /**
     * A thumbnail or preview for whoever holds its signed URL (SignedLinks#rendition): what a public link
     * shows its visitors. A wrong, expired or other kind's signature, a trashed file and a file without
     * that image are all 404, so nothing about the file is told to a guesser. The signature is checked
     * before the database is asked, so forged URLs cost no query.
     */
    @WithSession
    public Uni<Response> rendition(UUID id, String kindKey, long exp, String sig, Ranges.Request request) {
        Derived kind = Derived.of(kindKey);
        long now = Instant.now().getEpochSecond();
        if (kind == null || exp < now || !signer.verifyRendition(id, kind.key(), exp, sig)) {
            return Uni.createFrom().failure(ApiException.notFound("image"));
        }
        return files.find("id = ?1 and trashedAt is null", id).<StoredFile> firstResult().chain(file -> {
            if (file == null) {
                return Uni.createFrom().failure(ApiException.notFound("image"));
            }
            // Cached by the browser for the URL's own hour at most; private: the link may be protected.
            return derived(file, kind, request, SignedLinks.RENDITION_TTL_SECONDS)
                    .onFailure(ApiException.class).transform(e -> ApiException.notFound("image"));
        });
    }

    /**
     * A thumbnail or preview of a file the caller may view, with the same CDN behaviour as its bytes;
     * 404 while there is none. Looking at one is not a download: nothing is recorded.
     */
    public Uni<Response> derived(StoredFile file, Derived kind, Ranges.Request request) {
        return derived(file, kind, request, 0);
    }

    private Uni<Response> derived(StoredFile file, Derived kind, Ranges.Request request, long maxAgeSeconds) {
        String sha256 = kind == Derived.THUMBNAIL ? file.thumbnailSha256 : file.previewSha256;
        if (sha256 == null) {
            return Uni.createFrom().failure(new ApiException(404, "ResourceNotFound", "file " + file.id + " has no "
                    + kind.key() + " (processing_status: " + file.processingStatus + ")", Map.of("processing_status",
                            file.processingStatus), null));
        }
        Path blob = blobs.path(sha256);
        String name = baseName(file.filename) + "-" + kind.key() + ".jpg";
        // The size comes from the file system, asked without blocking the event loop.
        return vertx.fileSystem().props(blob.toString())
                .onFailure().transform(e -> new ApiException(404, "ResourceNotFound", "the " + kind.key() + " of file "
                        + file.id + " is not in the blob store"))
                // No Last-Modified: an image is told apart by its ETag alone.
                .map(props -> ByteResponses.of(sha256, props.size(), "image/jpeg", name, null, blob, request,
                        maxAgeSeconds));
    }

    /** "holiday.png" as "holiday", for naming its images "holiday-thumbnail.jpg". */
    static String baseName(String filename) {
        int dot = filename.lastIndexOf('.');
        return dot > 0 ? filename.substring(0, dot) : filename;
    }
}
