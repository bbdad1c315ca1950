package dev.depot.files.service;

import dev.depot.files.StoredFile;
import dev.depot.files.config.FilesConfig;
import dev.depot.files.storage.UrlSigner;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.UriBuilder;
import java.net.URI;
import java.time.Instant;

/**
 * The signed /cdn/{id}/{filename} URL of a file: handed out by {@link DownloadService#link} for a
 * download, and shown in answers that list files, where nothing is recorded and no event is sent.
 */
@ApplicationScoped
public class SignedLinks {

    private final FilesConfig config;
    private final UrlSigner signer;

    public SignedLinks(FilesConfig config, UrlSigner signer) {
        this.config = config;
        this.signer = signer;
    }

    /** Absolute under {@code base}; valid for depot.files.download-url-ttl; the external URL for registered files. */
    public String url(StoredFile file, URI base) {
        return file.storagePath == null ? file.cdnUrl : signed(file, expiry(), base).toString();
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
        return UriBuilder.fromUri(base).path("cdn").path(file.id.toString()).path(file.filename)
                .queryParam("key", signer.signPublic(file.id, file.version, file.sha256)).build().toString();
    }

    /** When a URL signed now stops working. */
    public Instant expiry() {
        return Instant.now().plus(config.downloadUrlTtl());
    }

    /** The signed URL of bytes kept here, good until {@code expires}. */
    public URI signed(StoredFile file, Instant expires, URI base) {
        long exp = expires.getEpochSecond();
        return UriBuilder.fromUri(base).path("cdn").path(file.id.toString()).path(file.filename)
                .queryParam("exp", exp).queryParam("sig", signer.sign(file.id, file.sha256, exp)).build();
    }
}
