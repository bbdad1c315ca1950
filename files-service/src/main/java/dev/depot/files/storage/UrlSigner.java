package dev.depot.files.storage;

import dev.depot.crypto.Hashes;
import dev.depot.files.config.FilesConfig;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.UUID;

/**
 * Signs and checks download URLs: HMAC-SHA256 over the file id, its content hash and the expiry,
 * so a link stops working when it expires or the file's content changes.
 */
/* Made at start: its file-system work must not land on the first request's event loop. */
@Startup
@ApplicationScoped
public class UrlSigner {

    private final byte[] key;

    public UrlSigner(FilesConfig config) {
        this.key = config.urlSigningKey()
                .filter(k -> !k.isBlank())
                .map(k -> k.getBytes(StandardCharsets.UTF_8))
                .orElseGet(() -> generatedKey(Path.of(config.dataDir())));
    }

    public String sign(UUID fileId, String sha256, long expiresEpochSecond) {
        return mac(fileId + "\n" + sha256 + "\n" + expiresEpochSecond);
    }

    /**
     * The key of a file's public CDN URL: no expiry, bound to the file's current content by its number
     * and hash, so new content (a restored old one too) gets a new URL. The "cdn" prefix keeps it from
     * ever equalling a download signature.
     */
    public String signPublic(UUID fileId, int version, String sha256) {
        return mac("cdn\n" + fileId + "\n" + version + "\n" + sha256);
    }

    public boolean verifyPublic(UUID fileId, int version, String sha256, String key) {
        return Hashes.constantTimeEquals(signPublic(fileId, version, sha256), key);
    }

    /**
     * The key of a rendition URL (/cdn/r/{id}/{kind}?exp=&sig=), a thumbnail or preview shown on a public
     * link. Not bound to the image's hash: whoever holds it sees the file's current image until it expires.
     * The "r" prefix keeps it from ever equalling a download or CDN signature.
     */
    public String signRendition(UUID fileId, String kind, long expiresEpochSecond) {
        return mac("r\n" + fileId + "\n" + kind + "\n" + expiresEpochSecond);
    }

    /** Constant-time, as {@link #verify}. */
    public boolean verifyRendition(UUID fileId, String kind, long expiresEpochSecond, String signature) {
        return Hashes.constantTimeEquals(signRendition(fileId, kind, expiresEpochSecond), signature);
    }

    private String mac(String text) {
        return Hashes.base64Url(Hashes.hmacSha256(key, text));
    }

    /** Constant-time comparison, so a signature cannot be guessed byte by byte. */
    public boolean verify(UUID fileId, String sha256, long expiresEpochSecond, String signature) {
        return Hashes.constantTimeEquals(sign(fileId, sha256, expiresEpochSecond), signature);
    }

    private static byte[] generatedKey(Path dataDir) {
        Path file = dataDir.resolve("url-signing.key");
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(dataDir);
                byte[] fresh = new byte[32];
                new SecureRandom().nextBytes(fresh);
                Path tmp = Files.createTempFile(
                        dataDir,
                        "url-signing",
                        ".tmp",
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                Files.writeString(tmp, Base64.getEncoder().encodeToString(fresh));
                try {
                    Files.move(tmp, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                } catch (java.nio.file.FileAlreadyExistsException raced) {
                    Files.deleteIfExists(tmp);
                }
            }
            return Base64.getDecoder().decode(Files.readString(file).trim());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare the URL signing key in " + dataDir, e);
        }
    }
}
