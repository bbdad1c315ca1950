package dev.depot.testing;

import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.Set;
import java.util.UUID;

/** Access tokens shaped like auth-service's (RS256, iss "depot", sub = user id), good and bad. */
public final class TestTokens {

    public static final String ISSUER = "depot";

    private TestTokens() {}

    public static String forUser(UUID userId) {
        return claims(userId).sign(TestKeys.signing().getPrivate());
    }

    public static String expired(UUID userId) {
        return Jwt.issuer(ISSUER)
                .subject(userId.toString())
                .upn("user-" + userId)
                .groups(Set.of("user"))
                .issuedAt(Instant.now().minusSeconds(3600))
                .expiresAt(Instant.now().minusSeconds(1800))
                .jws()
                .keyId("test")
                .sign(TestKeys.signing().getPrivate());
    }

    public static String signedByStranger(UUID userId) {
        return claims(userId).sign(TestKeys.stranger().getPrivate());
    }

    /** The same claims with {@code alg: none} and no signature. */
    public static String unsigned(UUID userId) {
        String header = b64("{\"alg\":\"none\",\"typ\":\"JWT\"}");
        String payload = b64("{\"iss\":\"" + ISSUER + "\",\"sub\":\"" + userId + "\",\"upn\":\"x\",\"exp\":"
                + (Instant.now().getEpochSecond() + 600) + "}");
        return header + "." + payload + ".";
    }

    /** A valid token whose payload was then changed to name another user. */
    public static String tampered(UUID signedFor, UUID claimed) {
        String[] parts = forUser(signedFor).split("\\.");
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace(signedFor.toString(), claimed.toString());
        return parts[0] + "." + b64(payload) + "." + parts[2];
    }

    private static io.smallrye.jwt.build.JwtSignatureBuilder claims(UUID userId) {
        JwtClaimsBuilder b = Jwt.issuer(ISSUER)
                .subject(userId.toString())
                .upn("user-" + userId)
                .groups(Set.of("user"))
                .expiresIn(900);
        return b.jws().keyId("test");
    }

    private static String b64(String s) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }
}
