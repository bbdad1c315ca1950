package dev.depot.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The digests, MACs and comparisons the services compute over tokens, signatures and bytes. Text is
 * always hashed as UTF-8. Every JVM ships these algorithms, so their absence is an {@link IllegalStateException},
 * not something a caller could handle.
 */
public final class Hashes {

    private static final Base64.Encoder BASE64_URL = Base64.getUrlEncoder().withoutPadding();

    private Hashes() {}

    /** A new SHA-256 digest, for bytes that arrive in pieces. */
    public static MessageDigest sha256() {
        return digest("SHA-256");
    }

    /** A new MD5 digest: only for the checksum files report beside their SHA-256, never for security. */
    public static MessageDigest md5() {
        return digest("MD5");
    }

    /** A new SHA-1 digest: only for the name Redis gives a script (EVALSHA), never for security. */
    public static MessageDigest sha1() {
        return digest("SHA-1");
    }

    public static byte[] sha256(byte[] bytes) {
        return sha256().digest(bytes);
    }

    public static byte[] sha256(String text) {
        return sha256(text.getBytes(StandardCharsets.UTF_8));
    }

    /** SHA-256 as 64 lower-case hex digits. */
    public static String sha256Hex(byte[] bytes) {
        return hex(sha256(bytes));
    }

    /** SHA-256 of the text's UTF-8 bytes as 64 lower-case hex digits. */
    public static String sha256Hex(String text) {
        return hex(sha256(text));
    }

    /** HMAC-SHA256 of the text's UTF-8 bytes under {@code key}. */
    public static byte[] hmacSha256(byte[] key, String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }

    /** Lower-case hex. */
    public static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(bytes);
    }

    /** URL-safe Base64 without padding, as tokens and signatures travel in URLs. */
    public static String base64Url(byte[] bytes) {
        return BASE64_URL.encodeToString(bytes);
    }

    /**
     * Whether a presented secret or signature equals the expected one, in time that does not depend on
     * where they differ, so it cannot be guessed byte by byte. Nothing presented is never equal.
     */
    public static boolean constantTimeEquals(String expected, String presented) {
        return expected != null
                && presented != null
                && MessageDigest.isEqual(
                        expected.getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8));
    }

    private static MessageDigest digest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " is not available", e);
        }
    }
}
