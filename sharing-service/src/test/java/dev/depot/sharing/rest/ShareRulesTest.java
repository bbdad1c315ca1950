package dev.depot.sharing.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;

import dev.depot.events.CloudEvent;
import dev.depot.events.EventCodec;
import dev.depot.events.Topics;
import dev.depot.sharing.StoredShares;
import dev.depot.sharing.StoredShares.Stored;
import dev.depot.testing.TestKafka;
import dev.depot.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The owner's side without files-service running: input checks, another user's shares, changes and
 * their events, and what happens while files-service is down.
 */
@QuarkusTest
class ShareRulesTest {

    @Inject
    StoredShares stored;

    private static RequestSpecification as(UUID user) {
        return given().auth().oauth2(TestTokens.forUser(user)).contentType(ContentType.JSON);
    }

    private static Map<String, Object> validLink() {
        Map<String, Object> body = new HashMap<>();
        body.put("resource_type", "file");
        body.put("resource_id", UUID.randomUUID().toString());
        body.put("permission_level", "view");
        body.put("is_public", true);
        return body;
    }

    @Test
    void badInputIsA400NamingTheField() {
        UUID alice = UUID.randomUUID();
        record Case(String field, Object value, String detail) {}
        List<Case> cases = List.of(
                new Case("resource_type", "album", "resource_type"),
                new Case("resource_id", null, "resource_id"),
                new Case("permission_level", "owner", "permission_level"),
                new Case("permission_level", "edit", "permission_level"),
                new Case("permission_level", "upload", "permission_level"),
                new Case("expires_at", OffsetDateTime.now().minusMinutes(1).toString(), "expires_at"),
                new Case("download_limit", 0, "download_limit"),
                new Case("password", "abc", "password"),
                new Case("shared_with_user", "bob", "shared_with_user"));
        for (Case c : cases) {
            Map<String, Object> body = validLink();
            body.put(c.field(), c.value());
            as(alice)
                    .body(body)
                    .post("/api/cdn/shares/")
                    .then()
                    .statusCode(400)
                    .body("success", equalTo(false))
                    .body("error", equalTo("ValidationError"))
                    .body("details", hasKey(c.detail()));
        }
        Map<String, Object> userShare = validLink();
        userShare.put("is_public", false);
        as(alice)
                .body(userShare)
                .post("/api/cdn/shares/")
                .then()
                .statusCode(400)
                .body("details", hasKey("shared_with_user"));
        given().contentType(ContentType.JSON)
                .body(validLink())
                .post("/api/cdn/shares/")
                .then()
                .statusCode(401);
        given().auth()
                .oauth2(TestTokens.expired(alice))
                .contentType(ContentType.JSON)
                .body(validLink())
                .post("/api/cdn/shares/")
                .then()
                .statusCode(401)
                .body("success", equalTo(false));
    }

    @Test
    void whileFilesServiceIsDownSharingIsRefusedWith503AndNothingIsStored() {
        UUID alice = UUID.randomUUID();
        as(alice)
                .body(validLink())
                .post("/api/cdn/shares/")
                .then()
                .statusCode(503)
                .body("error", equalTo("ServiceUnavailable"));
        as(alice).get("/api/cdn/shares/").then().statusCode(200).body("count", equalTo(0));
    }

    @Test
    void anotherUsersShareIs404EverywhereAndTheOwnerStillSeesItWhileFilesIsDown() throws Throwable {
        UUID alice = UUID.randomUUID();
        UUID bob = UUID.randomUUID();
        Stored link = stored.publicLink(alice, s -> {});
        String path = "/api/cdn/shares/" + link.share().id + "/";
        as(bob).get(path).then().statusCode(404).body("error", equalTo("ResourceNotFound"));
        as(bob).body(Map.of("download_limit", 3)).patch(path).then().statusCode(404);
        as(bob).delete(path).then().statusCode(404);
        as(bob).get(path + "accesses/").then().statusCode(404);
        as(bob).get(path + "shared_users/").then().statusCode(404);
        as(bob).body(Map.of("user_email", "x@example.com"))
                .post(path + "add_user/")
                .then()
                .statusCode(404);
        as(bob).queryParam("resource_type", "file")
                .queryParam("resource_id", link.share().resourceId.toString())
                .get("/api/cdn/shares/status/")
                .then()
                .statusCode(200)
                .body("size()", equalTo(0));

        as(alice)
                .get(path)
                .then()
                .statusCode(200)
                .body("public_token", equalTo(link.token()))
                .body("public_url", startsWith("http"))
                .body("resource", nullValue());
        as(alice)
                .queryParam("resource_type", "file")
                .queryParam("resource_id", link.share().resourceId.toString())
                .get("/api/cdn/shares/status/")
                .then()
                .statusCode(200)
                .body("size()", equalTo(1))
                .body("[0].is_public", equalTo(true))
                .body("[0].public_token", equalTo(link.token()))
                .body("[0].your_permission", equalTo("owner"));
        as(alice)
                .queryParam("resource_type", "disk")
                .get("/api/cdn/shares/status/")
                .then()
                .statusCode(400);
    }

    @Test
    void aPutOfTheWholeShareAsCreatedSucceedsAndOnlyARealChangeOfAFixedFieldIsRefused() throws Throwable {
        UUID alice = UUID.randomUUID();
        Stored link = stored.publicLink(alice, s -> {});
        String path = "/api/cdn/shares/" + link.share().id + "/";
        Map<String, Object> whole = new HashMap<>();
        whole.put("resource_type", link.share().resourceType);
        whole.put("resource_id", link.share().resourceId.toString());
        whole.put("permission_level", "download");
        whole.put("is_public", true);
        whole.put(
                "expires_at",
                OffsetDateTime.now().plusDays(3).withNano(0).toInstant().toString());
        whole.put("allow_download", true);
        whole.put("download_limit", 100);
        as(alice)
                .body(whole)
                .put(path)
                .then()
                .statusCode(200)
                .body("permission_level", equalTo("download"))
                .body("download_limit", equalTo(100));

        // What GET shows may come back with a PUT: it is read, not written.
        Map<String, Object> read =
                as(alice).get(path).then().statusCode(200).extract().as(Map.class);
        read.put("download_limit", 50);
        as(alice).body(read).put(path).then().statusCode(200).body("download_limit", equalTo(50));

        whole.put("resource_id", UUID.randomUUID().toString());
        as(alice).body(whole).put(path).then().statusCode(400).body("details", hasKey("resource_id"));
        whole.put("resource_id", link.share().resourceId.toString());
        whole.put("resource_type", "folder");
        as(alice).body(whole).put(path).then().statusCode(400).body("details", hasKey("resource_type"));
        as(alice)
                .body(Map.of("downloadLimit", 3))
                .patch(path)
                .then()
                .statusCode(400)
                .body("details", hasKey("downloadLimit"));
    }

    @Test
    void changesApplyOnlyToWhatIsSentAndEachOneIsAnEvent() throws Throwable {
        UUID alice = UUID.randomUUID();
        Stored link = stored.publicLink(alice, s -> {});
        String path = "/api/cdn/shares/" + link.share().id + "/";
        String expiry = OffsetDateTime.now().plusDays(2).withNano(0).toInstant().toString();

        as(alice)
                .body(Map.of("expires_at", expiry, "download_limit", 5, "password", "open sesame"))
                .patch(path)
                .then()
                .statusCode(200)
                .body("download_limit", equalTo(5))
                .body("has_password", equalTo(true))
                .body("expires_at", notNullValue())
                .body("permission_level", equalTo("view"));
        Map<String, Object> clear = new HashMap<>();
        clear.put("expires_at", null);
        clear.put("password", null);
        as(alice)
                .body(clear)
                .put(path)
                .then()
                .statusCode(200)
                .body("expires_at", nullValue())
                .body("has_password", equalTo(false))
                .body("download_limit", equalTo(5));

        as(alice)
                .body(Map.of("is_public", false))
                .patch(path)
                .then()
                .statusCode(400)
                .body("details", hasKey("is_public"));
        as(alice).body(Map.of("permission_level", "admin")).patch(path).then().statusCode(400);
        as(alice).body(Map.of("permission_level", "upload")).patch(path).then().statusCode(400);
        as(alice).body(Map.of("expires_at", "yesterday")).patch(path).then().statusCode(400);
        as(alice).body(Map.of("download_limit", -1)).patch(path).then().statusCode(400);

        as(alice).delete(path).then().statusCode(204);
        as(alice).get(path).then().statusCode(404);
        given().get("/api/cdn/shares/public/" + link.token() + "/").then().statusCode(404);
        assertThat(stored.reload(link.share().id).publicTokenHash).isNull();

        List<String> types = TestKafka.valuesWithKey(
                        Topics.SHARES, link.share().id.toString(), 3, Duration.ofSeconds(15), Duration.ZERO)
                .stream()
                .map(json -> EventCodec.read(json).type())
                .toList();
        assertThat(types).containsExactly("share.updated", "share.updated", "share.revoked");
        CloudEvent revoked = EventCodec.read(TestKafka.valuesWithKey(
                        Topics.SHARES, link.share().id.toString(), 3, Duration.ofSeconds(5), Duration.ZERO)
                .get(2));
        assertThat(revoked.data().get("active").asBoolean()).isFalse();
        assertThat(revoked.data().get("resource_id").asText())
                .isEqualTo(link.share().resourceId.toString());
    }
}
