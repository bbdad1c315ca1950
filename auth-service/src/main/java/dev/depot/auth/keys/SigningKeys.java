package dev.depot.auth.keys;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.depot.auth.config.AuthConfig;
import dev.depot.crypto.Hashes;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The RSA keys that sign access tokens. Generated at first start into {@code depot.auth.keys-dir}
 * ({@code signing-key.pem}) and reused afterwards. To rotate, move {@code signing-key.pem} to
 * {@code previous-key.pem} and restart: new tokens use a new key while the JWKS still lists the
 * previous one, so tokens already issued stay valid until they expire.
 *
 * The JWKS is also written to {@code jwks.json} there, which is what this service verifies with.
 */
@Startup
@ApplicationScoped
public class SigningKeys {

    private final RSAPrivateCrtKey signingKey;
    private final String keyId;
    private final String jwks;

    public SigningKeys(AuthConfig config) {
        try {
            Path dir = Path.of(config.keysDir());
            Files.createDirectories(dir);
            Path current = dir.resolve("signing-key.pem");
            if (!Files.exists(current)) {
                writePrivateKey(current, generate());
            }
            // Replicas starting together on an empty directory each make a key; one is kept and all read it.
            this.signingKey = readPrivateKey(current);
            List<RSAPrivateCrtKey> published = new ArrayList<>(List.of(signingKey));
            Path previous = dir.resolve("previous-key.pem");
            if (Files.exists(previous)) {
                published.add(readPrivateKey(previous));
            }
            this.keyId = keyId(signingKey);
            this.jwks = jwksJson(published);
            // Replicas sharing the directory write the same keys; each through a temporary file of its own.
            Path tmp = Files.createTempFile(dir, "jwks.json.", ".tmp");
            Files.writeString(tmp, jwks);
            Files.move(
                    tmp, dir.resolve("jwks.json"), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare signing keys in " + config.keysDir(), e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot read the signing keys in " + config.keysDir(), e);
        }
    }

    public PrivateKey signingKey() {
        return signingKey;
    }

    public String keyId() {
        return keyId;
    }

    /** The public keys as a JWK set, for other services. */
    public String jwks() {
        return jwks;
    }

    private static KeyPair generate() throws GeneralSecurityException {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        return g.generateKeyPair();
    }

    private static void writePrivateKey(Path file, KeyPair pair) throws IOException {
        String pem = "-----BEGIN PRIVATE KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(pair.getPrivate().getEncoded())
                + "\n-----END PRIVATE KEY-----\n";
        // A temporary file is readable by its owner alone (rw-------) from the start.
        Path tmp = Files.createTempFile(file.getParent(), file.getFileName() + ".", ".tmp");
        try {
            Files.writeString(tmp, pem);
            // A link, unlike a rename, never replaces a key another replica put there first.
            Files.createLink(file, tmp);
        } catch (FileAlreadyExistsException anotherReplicaWasFirst) {
            // its key is the one every replica reads
        } finally {
            Files.delete(tmp);
        }
    }

    private static RSAPrivateCrtKey readPrivateKey(Path file) throws IOException, GeneralSecurityException {
        String base64 =
                Files.readString(file).replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        return (RSAPrivateCrtKey) KeyFactory.getInstance("RSA")
                .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
    }

    private static RSAPublicKey publicKey(RSAPrivateCrtKey key) throws GeneralSecurityException {
        return (RSAPublicKey) KeyFactory.getInstance("RSA")
                .generatePublic(new RSAPublicKeySpec(key.getModulus(), key.getPublicExponent()));
    }

    /** The RFC 7638 thumbprint, so a key's id never changes and never collides with another's. */
    private static String keyId(RSAPrivateCrtKey key) {
        String canonical = "{\"e\":\"" + b64(key.getPublicExponent()) + "\",\"kty\":\"RSA\",\"n\":\""
                + b64(key.getModulus()) + "\"}";
        return Hashes.base64Url(Hashes.sha256(canonical));
    }

    private static String jwksJson(List<RSAPrivateCrtKey> keys) throws GeneralSecurityException, IOException {
        List<Map<String, String>> jwks = new ArrayList<>();
        for (RSAPrivateCrtKey key : keys) {
            RSAPublicKey pub = publicKey(key);
            jwks.add(Map.of(
                    "kty",
                    "RSA",
                    "use",
                    "sig",
                    "alg",
                    "RS256",
                    "kid",
                    keyId(key),
                    "n",
                    b64(pub.getModulus()),
                    "e",
                    b64(pub.getPublicExponent())));
        }
        return new ObjectMapper().writeValueAsString(Map.of("keys", jwks));
    }

    /** Base64url of the unsigned big-endian bytes, as JWK requires. */
    private static String b64(BigInteger value) {
        byte[] bytes = value.toByteArray();
        if (bytes.length > 1 && bytes[0] == 0) {
            bytes = java.util.Arrays.copyOfRange(bytes, 1, bytes.length);
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
