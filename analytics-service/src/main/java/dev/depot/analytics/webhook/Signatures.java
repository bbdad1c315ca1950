package dev.depot.analytics.webhook;

import dev.depot.crypto.Hashes;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Webhook signatures: {@code X-Depot-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, t + "." + body)>}.
 * The receiver recomputes the HMAC over the timestamp and the raw body, compares in constant time, and
 * refuses a timestamp far from its clock so that a captured delivery cannot be replayed later.
 */
public final class Signatures {

    public static final String HEADER = "X-Depot-Signature";
    private static final SecureRandom RANDOM = new SecureRandom();

    private Signatures() {}

    /** A new secret: 32 random bytes, shown to the user once. */
    public static String newSecret() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return "whsec_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    public static String header(String secret, long unixSeconds, String body) {
        return "t=" + unixSeconds + ",v1=" + hmac(secret, unixSeconds + "." + body);
    }

    static String hmac(String secret, String message) {
        return Hashes.hex(Hashes.hmacSha256(secret.getBytes(StandardCharsets.UTF_8), message));
    }
}
