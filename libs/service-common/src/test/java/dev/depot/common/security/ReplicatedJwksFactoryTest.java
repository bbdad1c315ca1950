package dev.depot.common.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.depot.testing.FreePorts;
import dev.depot.testing.TestKeys;
import dev.depot.testing.TestTokens;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.ParseException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.PublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Tokens verified against keys from several JWKS addresses, on real HTTP servers (and a dead port). */
class ReplicatedJwksFactoryTest {

    private final List<HttpServer> servers = new ArrayList<>();

    @AfterEach
    void stop() {
        servers.forEach(s -> s.stop(0));
    }

    @Test
    void aDeadFirstAddressIsPassedOverAndTheAnsweringOneIsAskedFirstAfterwards() throws Exception {
        AtomicInteger asked = new AtomicInteger();
        String live = jwks(TestKeys.signing().getPublic(), "test", asked);
        ReplicatedJwksFactory factory = new ReplicatedJwksFactory();
        JWTAuthContextInfo context = context(dead() + ", " + live);
        UUID user = UUID.randomUUID();

        assertThat(factory.parse(TestTokens.forUser(user), context).getSubject())
                .isEqualTo(user.toString());
        assertThat(factory.parse(TestTokens.forUser(user), context).getSubject())
                .isEqualTo(user.toString());
        // The keys were fetched once, and kept.
        assertThat(asked).hasValue(1);
    }

    @Test
    void aKeyIdOneReplicaDoesNotKnowIsLookedUpAtTheNext() throws Exception {
        // The first replica still publishes an older key only, as during a rotation.
        String older = jwks(TestKeys.stranger().getPublic(), "older", new AtomicInteger());
        String current = jwks(TestKeys.signing().getPublic(), "test", new AtomicInteger());
        UUID user = UUID.randomUUID();

        assertThat(new ReplicatedJwksFactory()
                        .parse(TestTokens.forUser(user), context(older + "," + current))
                        .getSubject())
                .isEqualTo(user.toString());
    }

    @Test
    void aBadTokenIsRefusedWithoutAskingTheOtherReplicas() throws Exception {
        AtomicInteger firstAsked = new AtomicInteger();
        AtomicInteger secondAsked = new AtomicInteger();
        String first = jwks(TestKeys.signing().getPublic(), "test", firstAsked);
        String second = jwks(TestKeys.signing().getPublic(), "test", secondAsked);
        ReplicatedJwksFactory factory = new ReplicatedJwksFactory();
        JWTAuthContextInfo context = context(first + "," + second);
        UUID user = UUID.randomUUID();

        for (String bad : List.of(
                TestTokens.signedByStranger(user),
                TestTokens.tampered(user, UUID.randomUUID()),
                TestTokens.expired(user))) {
            assertThatThrownBy(() -> factory.parse(bad, context)).isInstanceOf(ParseException.class);
        }
        assertThat(firstAsked).hasValue(1);
        assertThat(secondAsked).hasValue(0);
    }

    @Test
    void noAddressAnsweringRefusesTheToken() {
        JWTAuthContextInfo context = context(dead() + "," + dead());
        assertThatThrownBy(() -> new ReplicatedJwksFactory().parse(TestTokens.forUser(UUID.randomUUID()), context))
                .isInstanceOf(ParseException.class);
    }

    @Test
    void locationsAreTheCommaSeparatedAddresses() {
        assertThat(ReplicatedJwksFactory.locations(" http://a/jwks , ,http://b/jwks"))
                .containsExactly("http://a/jwks", "http://b/jwks");
        assertThat(ReplicatedJwksFactory.locations("file:/keys/jwks.json")).containsExactly("file:/keys/jwks.json");
        assertThat(ReplicatedJwksFactory.locations(null)).isEmpty();
    }

    private static JWTAuthContextInfo context(String locations) {
        JWTAuthContextInfo context = new JWTAuthContextInfo();
        context.setPublicKeyLocation(locations);
        context.setIssuedBy(TestTokens.ISSUER);
        return context;
    }

    private static String dead() {
        return "http://127.0.0.1:" + FreePorts.pick() + "/api/auth/jwks";
    }

    /** A server publishing one RSA key under {@code kid}; counts the requests. */
    private String jwks(PublicKey key, String kid, AtomicInteger asked) throws Exception {
        RSAPublicKey rsa = (RSAPublicKey) key;
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        byte[] body = ("{\"keys\":[{\"kty\":\"RSA\",\"use\":\"sig\",\"alg\":\"RS256\",\"kid\":\"" + kid
                        + "\",\"n\":\""
                        + b64.encodeToString(unsigned(rsa.getModulus().toByteArray()))
                        + "\",\"e\":\""
                        + b64.encodeToString(unsigned(rsa.getPublicExponent().toByteArray()))
                        + "\"}]}")
                .getBytes(StandardCharsets.UTF_8);
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/auth/jwks", exchange -> {
            asked.incrementAndGet();
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        servers.add(server);
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/api/auth/jwks";
    }

    /** A big integer's bytes without the sign byte Java puts in front. */
    private static byte[] unsigned(byte[] bytes) {
        return bytes.length > 1 && bytes[0] == 0 ? java.util.Arrays.copyOfRange(bytes, 1, bytes.length) : bytes;
    }
}
