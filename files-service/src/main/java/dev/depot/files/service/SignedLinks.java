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
