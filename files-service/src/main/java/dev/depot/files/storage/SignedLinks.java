package dev.depot.files.storage;

import dev.depot.files.DerivedImage;
import dev.depot.files.StoredFile;
import dev.depot.files.config.FilesConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.UriBuilder;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;

/**
 * The signed /cdn/{id}/{filename} URL of a file: handed out by DownloadService#link for a
 * download, and shown in answers that list files, where nothing is recorded and no event is sent.
 */
@ApplicationScoped
public class SignedLinks {

    private final FilesConfig config;
    private final UrlSigner signer;
    private final Clock clock;

    public SignedLinks(FilesConfig config, UrlSigner signer, Clock clock) {
        this.config = config;
        this.signer = signer;
        this.clock = clock;
    }

    /** Absolute under {@code base}; valid for depot.files.download-url-ttl; the external URL for registered files. */
    public String url(StoredFile file, URI base) {
        return file.storagePath == null
                ? file.cdnUrl
                : signed(file, expiry(), base).toString();
    }

    /**
     * The file's public CDN address (cdn_url): /cdn/{id}/{filename}?key=, no expiry, for the current
     * content only; DownloadService#published serves it while the file is live. The external URL for
     * files registered from elsewhere.
     */
    public String publicUrl(StoredFile file, URI base) {
        if (file.storagePath == null) {
            return file.cdnUrl;
        }
        return UriBuilder.fromUri(base)
                .path("cdn")
                .path(file.id.toString())
                .path(file.filename)
                .queryParam("key", signer.signPublic(file.id, file.version, file.sha256))
                .build()
                .toString();
    }

    /** How long a rendition URL in a shared file's view works (see {@link #renditionExpiry()}). */
    public static final long RENDITION_TTL_SECONDS = 3600;
    /** Rendition URLs signed within the same window are the same URL, so a browser's cached image is reused. */
    private static final long RENDITION_WINDOW_SECONDS = 600;

    /**
     * When a rendition URL signed now stops working: at least an hour from now, rounded up to a ten-minute
     * mark so that a listing read again a minute later shows the same URLs (the browser's cache hits).
     */
    public long renditionExpiry() {
        long at = clock.instant().getEpochSecond() + RENDITION_TTL_SECONDS;
        return (at / RENDITION_WINDOW_SECONDS + 1) * RENDITION_WINDOW_SECONDS;
    }

    /**
     * /cdn/r/{id}/{kind}?exp=&sig=, relative to the public root, for the thumbnail or preview
     * processing-worker made of the file; null when it made none. It needs no session: it is what a
     * public link's visitor sees (DownloadService#rendition serves it).
     */
    public String rendition(StoredFile file, DerivedImage kind, long exp) {
        String sha256 = kind == DerivedImage.THUMBNAIL ? file.thumbnailSha256 : file.previewSha256;
        if (sha256 == null) {
            return null;
        }
        return UriBuilder.fromPath("/cdn/r")
                .path(file.id.toString())
                .path(kind.key())
                .queryParam("exp", exp)
                .queryParam("sig", signer.signRendition(file.id, kind.key(), exp))
                .build()
                .toString();
    }

    /** When a URL signed now stops working. */
    public Instant expiry() {
        return clock.instant().plus(config.downloadUrlTtl());
    }

    /** The signed URL of bytes kept here, good until {@code expires}. */
    public URI signed(StoredFile file, Instant expires, URI base) {
        long exp = expires.getEpochSecond();
        return UriBuilder.fromUri(base)
                .path("cdn")
                .path(file.id.toString())
                .path(file.filename)
                .queryParam("exp", exp)
                .queryParam("sig", signer.sign(file.id, file.sha256, exp))
                .build();
    }
}
