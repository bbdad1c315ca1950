package dev.depot.testing;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;

/** RSA key pairs made for this JVM only: nothing secret is committed, and every run has new keys. */
public final class TestKeys {

    private static final KeyPair SIGNING = generate();
    private static final KeyPair STRANGER = generate();

    private TestKeys() {}

    /** The pair services under test trust, as they trust auth-service's. */
    public static KeyPair signing() {
        return SIGNING;
    }

    /** A pair nobody trusts: tokens signed with it must be refused. */
    public static KeyPair stranger() {
        return STRANGER;
    }

    /** The trusted public key in PEM form, for {@code mp.jwt.verify.publickey}. */
    public static String publicKeyPem() {
        return "-----BEGIN PUBLIC KEY-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes())
                        .encodeToString(SIGNING.getPublic().getEncoded())
                + "\n-----END PUBLIC KEY-----";
    }

    private static KeyPair generate() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(2048);
            return g.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
