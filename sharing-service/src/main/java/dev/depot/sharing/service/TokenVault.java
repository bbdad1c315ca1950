package dev.depot.sharing.service;

import dev.depot.common.config.InternalConfig;
import dev.depot.crypto.Hashes;
import dev.depot.sharing.config.SharingConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.UUID;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Public link tokens: 256 random bits, URL-safe. The database keeps their SHA-256 (to find the share)
 * and an AES-GCM sealed copy (to show the owner the link again), so it alone reveals no working link.
 * The same key signs the download links a password-protected share hands out.
 */
@ApplicationScoped
public class TokenVault {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

    private final SecretKeySpec sealKey;
    private final byte[] macKey;

    public TokenVault(SharingConfig config, InternalConfig internal) {
        String material = config.tokenKey()
                .or(internal::secret)
                .filter(s -> !s.isBlank())
                .orElseThrow(() -> new IllegalStateException(
                        "depot.sharing.token-key or depot.internal.secret must be set to seal share tokens"));
        this.sealKey = new SecretKeySpec(derive(material, "seal"), "AES");
        this.macKey = derive(material, "link");
    }

    public String newToken() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return B64.encodeToString(bytes);
    }

    public static String hash(String token) {
        return Hashes.sha256Hex(token);
    }

    public String seal(String token) {
        try {
            byte[] iv = new byte[12];
            RANDOM.nextBytes(iv);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, sealKey, new GCMParameterSpec(128, iv));
            byte[] sealed = cipher.doFinal(token.getBytes(StandardCharsets.UTF_8));
            return B64.encodeToString(ByteBuffer.allocate(iv.length + sealed.length)
                    .put(iv)
                    .put(sealed)
                    .array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot seal a share token", e);
        }
    }

    /** The token, or null when it was sealed with another key (the key was changed). */
    public String unseal(String sealed) {
        if (sealed == null) {
            return null;
        }
        try {
            byte[] all = Base64.getUrlDecoder().decode(sealed);
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.DECRYPT_MODE, sealKey, new GCMParameterSpec(128, all, 0, 12));
            return new String(cipher.doFinal(all, 12, all.length - 12), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return null;
        }
    }

    /** Signs "this share may download this file until exp" for links handed out after a password. */
    public String signDownload(UUID shareId, UUID fileId, long exp) {
        return B64.encodeToString(Hashes.hmacSha256(macKey, shareId + "|" + fileId + "|" + exp));
    }

    public boolean verifyDownload(UUID shareId, UUID fileId, long exp, String signature) {
        return Hashes.constantTimeEquals(signDownload(shareId, fileId, exp), signature);
    }

    private static byte[] derive(String material, String purpose) {
        return Hashes.sha256("depot-sharing:" + purpose + ":" + material);
    }
}
