package dev.depot.sharing.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;

import dev.depot.sharing.FakeFilesService;
import dev.depot.sharing.KnownUser;
import dev.depot.sharing.StoredShares;
import dev.depot.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * POST /shares/ with an Idempotency-Key: sent again, it answers the shares it made the first time
 * instead of making more, also when the copies arrive together; reusing a key for another request, or a
 * malformed key, is refused. Against the stand-in files-service that finds every resource.
 */
@QuarkusTest
@QuarkusTestResource(value = FakeFilesService.class, restrictToAnnotatedClass = true)
class IdempotentShareTest {

    @Inject
    StoredShares stored;

    private static RequestSpecification as(UUID user, String key) {
        RequestSpecification r = given().auth().oauth2(TestTokens.forUser(user)).contentType(ContentType.JSON);
        return key == null ? r : r.header("Idempotency-Key", key);
    }

    private static Map<String, Object> link(UUID file) {
        Map<String, Object> body = new HashMap<>();
        body.put("resource_type", "file");
        body.put("resource_id", file.toString());
        body.put("permission_level", "download");
        body.put("is_public", true);
        return body;
    }

    private static int shareCount(UUID user) {
        return as(user, null)
                .get("/api/cdn/shares/")
                .then()
                .statusCode(200)
                .extract()
                .path("count");
    }

    @Test
    void theSameRequestAgainAnswersTheSameLinkAndMakesNoOther() {
        UUID alice = UUID.randomUUID();
        UUID file = UUID.randomUUID();
        String key = UUID.randomUUID().toString();
        Response first = as(alice, key).body(link(file)).post("/api/cdn/shares/");
        first.then().statusCode(201);
        // The draft writes the key as a quoted string; a token is the same key.
        Response again = as(alice, "\"" + key + "\"").body(link(file)).post("/api/cdn/shares/");
        again.then().statusCode(201);
        assertThat(again.<String>path("id")).isEqualTo(first.path("id"));
        assertThat(again.<String>path("public_token")).isNotNull().isEqualTo(first.path("public_token"));
        assertThat(shareCount(alice)).isEqualTo(1);

        // Without a key, or with another one, the same body makes another link.
        as(alice, null).body(link(file)).post("/api/cdn/shares/").then().statusCode(201);
        Response other = as(alice, key + "-2").body(link(file)).post("/api/cdn/shares/");
        other.then().statusCode(201);
        assertThat(other.<String>path("id")).isNotEqualTo(first.path("id"));
        assertThat(shareCount(alice)).isEqualTo(3);

        // Keys are per user: bob's request with alice's key is his own.
        UUID bob = UUID.randomUUID();
        Response his = as(bob, key).body(link(file)).post("/api/cdn/shares/");
        his.then().statusCode(201);
        assertThat(his.<String>path("id")).isNotEqualTo(first.path("id"));
        assertThat(shareCount(alice)).isEqualTo(3);
        assertThat(shareCount(bob)).isEqualTo(1);
    }

    @Test
    void aKeyReusedForAnotherRequestIsA422AndMakesNothing() {
        UUID alice = UUID.randomUUID();
        UUID file = UUID.randomUUID();
        String key = UUID.randomUUID().toString();
        as(alice, key).body(link(file)).post("/api/cdn/shares/").then().statusCode(201);
        Map<String, Object> changed = link(file);
        changed.put("download_limit", 3);
        as(alice, key)
                .body(changed)
                .post("/api/cdn/shares/")
                .then()
                .statusCode(422)
                .body("success", equalTo(false))
                .body("error", equalTo("IdempotencyKeyReused"))
                .body("details", hasKey("Idempotency-Key"));
        as(alice, key)
                .body(link(UUID.randomUUID()))
                .post("/api/cdn/shares/")
                .then()
                .statusCode(422);
        assertThat(shareCount(alice)).isEqualTo(1);
    }

    @Test
    void aMalformedKeyIsA400NamingTheHeaderAndMakesNothing() {
        UUID alice = UUID.randomUUID();
        for (String bad : List.of("", "  ", "\"\"", "x".repeat(256), "caf\u00e9", "two words")) {
            as(alice, bad)
                    .body(link(UUID.randomUUID()))
                    .post("/api/cdn/shares/")
                    .then()
                    .statusCode(400)
                    .body("error", equalTo("ValidationError"))
                    .body("details", hasKey("Idempotency-Key"));
        }
        assertThat(shareCount(alice)).isZero();
    }

    @Test
    void copiesSentTogetherMakeOneLinkAndAllAnswerIt() throws Exception {
        UUID alice = UUID.randomUUID();
        UUID file = UUID.randomUUID();
        String key = UUID.randomUUID().toString();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Response>> copies = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                copies.add(() -> as(alice, key).body(link(file)).post("/api/cdn/shares/"));
            }
            List<String> ids = new ArrayList<>();
            for (Future<Response> f : pool.invokeAll(copies)) {
                Response r = f.get();
                assertThat(r.statusCode()).as(r.asString()).isEqualTo(201);
                ids.add(r.path("id"));
            }
            assertThat(ids).hasSize(8).containsOnly(ids.get(0));
        } finally {
            pool.shutdownNow();
        }
        assertThat(shareCount(alice)).isEqualTo(1);
    }

    @Test
    void aRequestSharingWithSeveralUsersAnswersAllItsSharesAgain() throws Throwable {
        KnownUser alice = stored.knownUser("idem-alice-" + UUID.randomUUID());
        KnownUser bob = stored.knownUser("idem-bob-" + UUID.randomUUID());
        KnownUser carol = stored.knownUser("idem-carol-" + UUID.randomUUID());
        Map<String, Object> body = new HashMap<>();
        body.put("resource_type", "folder");
        body.put("resource_id", UUID.randomUUID().toString());
        body.put(
                "shared_users",
                List.of(
                        Map.of("user_email", bob.email, "permission_level", "view"),
                        Map.of("user_email", carol.username, "permission_level", "edit")));
        String key = UUID.randomUUID().toString();
        Response first = as(alice.id, key).body(body).post("/api/cdn/shares/");
        first.then().statusCode(201).body("shares", hasSize(2));
        // Without the key the same request is a conflict (those users have their shares already)...
        as(alice.id, null).body(body).post("/api/cdn/shares/").then().statusCode(409);
        // ...with it, the shares it made.
        Response again = as(alice.id, key).body(body).post("/api/cdn/shares/");
        again.then().statusCode(201).body("shares", hasSize(2));
        assertThat(again.<List<String>>path("shares.id")).isEqualTo(first.path("shares.id"));
        assertThat(shareCount(alice.id)).isEqualTo(2);
    }
}
