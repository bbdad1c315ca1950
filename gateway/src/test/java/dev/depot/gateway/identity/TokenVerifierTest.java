package dev.depot.gateway.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.depot.gateway.TestConfigs;
import dev.depot.testing.TestKeys;
import dev.depot.testing.TestTokens;
import io.smallrye.jwt.build.Jwt;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Against a JWKS endpoint that can rotate its keys, as auth-service does. */
class TokenVerifierTest {

    private Vertx vertx;
    private final List<JsonObject> published = new CopyOnWriteArrayList<>();
    private final AtomicInteger fetches = new AtomicInteger();
    private int port;

    @BeforeEach
    void jwksEndpoint() {
        vertx = Vertx.vertx();
        published.add(jwk("test", (RSAPublicKey) TestKeys.signing().getPublic()));
        port = await(vertx.createHttpServer()
                        .requestHandler(req -> {
                            fetches.incrementAndGet();
                            req.response()
                                    .putHeader("Content-Type", "application/json")
                                    .end(new JsonObject()
                                            .put("keys", new JsonArray(List.copyOf(published)))
                                            .encode());
                        })
                        .listen(0))
                .actualPort();
    }

    @AfterEach
    void close() {
        await(vertx.close());
    }

    private TokenVerifier verifier(String minRefresh) {
        return verifier("http://127.0.0.1:" + port + "/api/auth/jwks", minRefresh);
    }

    private TokenVerifier verifier(String jwksUrls, String minRefresh) {
        TokenVerifier v = new TokenVerifier(TestConfigs.gateway(Map.of(
                        "depot.gateway.jwt.jwks-url", jwksUrls, "depot.gateway.jwt.min-refresh-interval", minRefresh))
                .jwt());
        v.start(vertx);
        return v;
    }

    @Test
    void aTokenSignedByAuthServiceNamesItsUser() {
        UUID user = UUID.randomUUID();
        TokenVerifier verifier = verifier("PT30S");
        assertThat(await(verifier.subject(TestTokens.forUser(user)))).isEqualTo(user.toString());
        assertThat(await(verifier.subject(TestTokens.forUser(user)))).isEqualTo(user.toString());
        assertThat(fetches.get()).as("keys are fetched once, then cached").isEqualTo(1);
    }

    @Test
    void forgedExpiredOrMalformedTokensNameNobody() {
        UUID user = UUID.randomUUID();
        TokenVerifier verifier = verifier("PT30S");
        assertThat(await(verifier.subject(TestTokens.signedByStranger(user)))).isNull();
        assertThat(await(verifier.subject(TestTokens.tampered(user, UUID.randomUUID()))))
                .isNull();
        assertThat(await(verifier.subject(TestTokens.unsigned(user)))).isNull();
        assertThat(await(verifier.subject(TestTokens.expired(user)))).isNull();
        assertThat(await(verifier.subject(Jwt.issuer("someone-else")
                        .subject(user.toString())
                        .expiresIn(600)
                        .jws()
                        .keyId("test")
                        .sign(TestKeys.signing().getPrivate()))))
                .as("another issuer")
                .isNull();
        assertThat(await(verifier.subject("not.a.jwt"))).isNull();
        assertThat(await(verifier.subject("garbage"))).isNull();
    }

    @Test
    void aTokenWithANewKeyIdFetchesTheKeysAgain() throws Exception {
        TokenVerifier verifier = verifier("PT0S");
        UUID user = UUID.randomUUID();
        assertThat(await(verifier.subject(TestTokens.forUser(user)))).isNotNull();
        String rotated = signedWithANewlyPublishedKey(user);
        assertThat(await(verifier.subject(rotated))).isEqualTo(user.toString());
        assertThat(fetches.get()).isEqualTo(2);
    }

    @Test
    void theKeysComeFromWhicheverReplicaAnswers() throws Exception {
        TokenVerifier verifier =
                verifier("http://127.0.0.1:1/api/auth/jwks,http://127.0.0.1:" + port + "/api/auth/jwks", "PT0S");
        UUID user = UUID.randomUUID();
        assertThat(await(verifier.subject(TestTokens.forUser(user))))
                .as("the first replica is down, the second answers")
                .isEqualTo(user.toString());
        String rotated = signedWithANewlyPublishedKey(user);
        assertThat(await(verifier.subject(rotated))).isEqualTo(user.toString());
        assertThat(fetches.get()).isEqualTo(2);
    }

    @Test
    void unknownKeyIdsDoNotFetchTheKeysMoreOftenThanAllowed() throws Exception {
        TokenVerifier verifier = verifier("PT1H");
        UUID user = UUID.randomUUID();
        assertThat(await(verifier.subject(TestTokens.forUser(user)))).isNotNull();
        KeyPair other = newKeyPair();
        for (int i = 0; i < 20; i++) {
            String made = Jwt.issuer("depot")
                    .subject(user.toString())
                    .expiresIn(600)
                    .jws()
                    .keyId("made-up-" + i)
                    .sign(other.getPrivate());
            assertThat(await(verifier.subject(made))).isNull();
        }
        assertThat(fetches.get()).isEqualTo(1);
    }

    @Test
    void whenTheJwksCannotBeFetchedTokensNameNobody() {
        TokenVerifier verifier = new TokenVerifier(
                TestConfigs.gateway(Map.of("depot.gateway.jwt.jwks-url", "http://127.0.0.1:1/api/auth/jwks"))
                        .jwt());
        verifier.start(vertx);
        assertThat(await(verifier.subject(TestTokens.forUser(UUID.randomUUID()))))
                .isNull();
    }

    /** auth-service rotated its key: the JWKS lists a new one ("next"), which signs this token. */
    private String signedWithANewlyPublishedKey(UUID user) throws Exception {
        KeyPair next = newKeyPair();
        published.add(jwk("next", (RSAPublicKey) next.getPublic()));
        return Jwt.issuer("depot")
                .subject(user.toString())
                .expiresIn(600)
                .jws()
                .keyId("next")
                .sign(next.getPrivate());
    }

    private static KeyPair newKeyPair() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        return g.generateKeyPair();
    }

    static JsonObject jwk(String kid, RSAPublicKey key) {
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        return new JsonObject()
                .put("kty", "RSA")
                .put("use", "sig")
                .put("alg", "RS256")
                .put("kid", kid)
                .put("n", b64.encodeToString(unsigned(key.getModulus())))
                .put("e", b64.encodeToString(unsigned(key.getPublicExponent())));
    }

    private static byte[] unsigned(BigInteger value) {
        byte[] bytes = value.toByteArray();
        return bytes.length > 1 && bytes[0] == 0 ? Arrays.copyOfRange(bytes, 1, bytes.length) : bytes;
    }

    private static <T> T await(Future<T> f) {
        try {
            return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
