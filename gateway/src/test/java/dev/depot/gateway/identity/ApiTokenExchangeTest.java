package dev.depot.gateway.identity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.depot.gateway.TestConfigs;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The exchange against a real HTTP server playing auth-service, whose answer for a token can change. */
class ApiTokenExchangeTest {

    private Vertx vertx;
    private final AtomicBoolean tokenExists = new AtomicBoolean(true);
    private final AtomicInteger exchanges = new AtomicInteger();
    private int port;

    @BeforeEach
    void authService() {
        vertx = Vertx.vertx();
        port = await(vertx.createHttpServer()
                        .requestHandler(req -> req.body().onSuccess(body -> {
                            if (!"secret".equals(req.getHeader("X-Depot-Service-Token"))) {
                                req.response().setStatusCode(403).end();
                                return;
                            }
                            int n = exchanges.incrementAndGet();
                            // A little slow, as a real exchange (a query and a signature) is: requests pile up
                            // meanwhile.
                            vertx.setTimer(100, id -> {
                                if (tokenExists.get()) {
                                    req.response()
                                            .putHeader("Content-Type", "application/json")
                                            .end(new JsonObject()
                                                    .put("access_token", "jwt-" + n)
                                                    .put("expires_in", 900)
                                                    .encode());
                                } else {
                                    req.response().setStatusCode(401).end("{}");
                                }
                            });
                        }))
                        .listen(0))
                .actualPort();
    }

    @AfterEach
    void close() {
        await(vertx.close());
    }

    /** With the gateway's defaults, as deployed: only the route and the secret are set. */
    private ApiTokenExchange exchange() {
        ApiTokenExchange e = new ApiTokenExchange(TestConfigs.gateway(Map.of(
                "depot.gateway.routes.auth-service.url", "http://127.0.0.1:" + port,
                "depot.gateway.routes.auth-service.prefixes", "/api/auth",
                "depot.gateway.internal-secret", "secret")));
        e.start(vertx);
        return e;
    }

    @Test
    void aDeletedTokenStopsWorkingWithinASecond() throws InterruptedException {
        ApiTokenExchange exchange = exchange();
        assertThat(await(exchange.accessTokenFor("dpt_abc"))).isEqualTo("jwt-1");
        assertThat(await(exchange.accessTokenFor("dpt_abc")))
                .as("reused for a moment")
                .isEqualTo("jwt-1");
        assertThat(exchanges.get()).isEqualTo(1);

        tokenExists.set(false);
        Thread.sleep(1_000);
        assertThat(await(exchange.accessTokenFor("dpt_abc")))
                .as("auth-service was asked again")
                .isNull();
        assertThat(exchange.cached("dpt_abc")).isNull();
    }

    @Test
    void requestsArrivingTogetherShareOneExchange() {
        ApiTokenExchange exchange = exchange();
        List<Future<String>> answers = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            answers.add(exchange.accessTokenFor("dpt_burst"));
        }
        for (Future<String> answer : answers) {
            assertThat(await(answer)).isEqualTo("jwt-1");
        }
        assertThat(exchanges.get()).isEqualTo(1);
        // Another token is its own exchange.
        assertThat(await(exchange.accessTokenFor("dpt_other"))).isEqualTo("jwt-2");
    }

    @Test
    void aFailedExchangeIsNotShared() {
        ApiTokenExchange exchange = exchange();
        tokenExists.set(false);
        assertThat(await(exchange.accessTokenFor("dpt_gone"))).isNull();
        tokenExists.set(true);
        assertThat(await(exchange.accessTokenFor("dpt_gone")))
                .as("a refusal is not cached")
                .isEqualTo("jwt-2");
    }

    @Test
    void aReplicaThatIsDownIsPassedOver() throws Exception {
        int down;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            down = s.getLocalPort();
        }
        ApiTokenExchange e = new ApiTokenExchange(TestConfigs.gateway(Map.of(
                "depot.gateway.routes.auth-service.url",
                "http://127.0.0.1:" + down + ",http://127.0.0.1:" + port,
                "depot.gateway.routes.auth-service.prefixes",
                "/api/auth",
                "depot.gateway.internal-secret",
                "secret")));
        e.start(vertx);
        // Two exchanges: whichever replica each starts with, both end at the live one.
        assertThat(await(e.accessTokenFor("dpt_one"))).isEqualTo("jwt-1");
        assertThat(await(e.accessTokenFor("dpt_two"))).isEqualTo("jwt-2");
        tokenExists.set(false);
        assertThat(await(e.accessTokenFor("dpt_three")))
                .as("a refusal from the live replica is still a refusal")
                .isNull();
    }

    private static <T> T await(Future<T> f) {
        try {
            return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void anApiTokenIsReadFromBearerOrFromABasicPasswordAndNothingElse() {
        assertThat(ApiTokenExchange.apiTokenOf("Bearer dpt_abc")).isEqualTo("dpt_abc");
        assertThat(ApiTokenExchange.apiTokenOf("bearer dpt_abc ")).isEqualTo("dpt_abc");
        assertThat(ApiTokenExchange.apiTokenOf(basic("me:dpt_abc"))).isEqualTo("dpt_abc");
        assertThat(ApiTokenExchange.apiTokenOf(basic(":dpt_abc"))).isEqualTo("dpt_abc");
        // A password, no password, a colon in the user name's place, a JWT, broken base64: none is a token.
        assertThat(ApiTokenExchange.apiTokenOf(basic("me:hunter2"))).isNull();
        assertThat(ApiTokenExchange.apiTokenOf(basic("dpt_abc"))).isNull();
        assertThat(ApiTokenExchange.apiTokenOf("Bearer eyJhbGciOi")).isNull();
        assertThat(ApiTokenExchange.apiTokenOf("Basic !!!not-base64")).isNull();
        assertThat(ApiTokenExchange.apiTokenOf(null)).isNull();
        assertThat(ApiTokenExchange.isBasic("basic abc")).isTrue();
        assertThat(ApiTokenExchange.isBasic("Bearer abc")).isFalse();
    }

    private static String basic(String credentials) {
        return "Basic "
                + java.util.Base64.getEncoder()
                        .encodeToString(credentials.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
