package dev.depot.sharing.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.instanceOf;
import static org.hamcrest.Matchers.nullValue;

import dev.depot.sharing.FakeFilesService;
import dev.depot.sharing.KnownUser;
import dev.depot.sharing.StoredShares;
import dev.depot.sharing.StoredShares.Stored;
import dev.depot.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.net.URI;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The shapes CDN clients read from /api/cdn/shares/, each field with its JSON type, against a
 * stand-in for files-service that finds every resource (see FakeFilesService).
 */
@QuarkusTest
@QuarkusTestResource(value = FakeFilesService.class, restrictToAnnotatedClass = true)
class CdnClientShareShapeTest {

    @Inject
    StoredShares stored;

    private static RequestSpecification as(UUID user) {
        return given().auth().oauth2(TestTokens.forUser(user)).contentType(ContentType.JSON);
    }

    /** Every field of a share object, with its JSON type, at {@code p} ("" for the top). */
    private static void isShare(ValidatableResponse r, String p) {
        r.body(p + "id", instanceOf(String.class))
                .body(p + "resource_type", instanceOf(String.class))
                .body(p + "resource_id", instanceOf(String.class))
                .body(p + "owner", instanceOf(String.class))
                .body(p + "permission_level", instanceOf(String.class))
                .body(p + "is_public", instanceOf(Boolean.class))
                .body(p + "password_protected", instanceOf(Boolean.class))
                .body(p + "allow_download", instanceOf(Boolean.class))
                .body(p + "allow_preview", instanceOf(Boolean.class))
                .body(p + "download_count", instanceOf(Integer.class))
                .body(p + "resource_detail", instanceOf(Map.class))
                .body(p + "resource_detail.id", instanceOf(String.class))
                .body(p + "is_expired", instanceOf(Boolean.class))
                .body(p + "can_download", instanceOf(Boolean.class))
                .body(p + "access_logs_count", instanceOf(Integer.class))
                .body(p + "created_at", instanceOf(String.class))
                .body(p + "updated_at", instanceOf(String.class))
                .body(p + "has_password", instanceOf(Boolean.class));
        // Present even when null.
        for (String key : List.of(
                "owner_detail", "public_token", "expires_at", "download_limit", "resource", "shared_with_user")) {
            r.body(p.isEmpty() ? "$" : p.substring(0, p.length() - 1), hasKey(key));
        }
    }

    private static void isOwnerDetail(ValidatableResponse r, String p, KnownUser u) {
        r.body(p + "owner_detail", instanceOf(Map.class))
                .body(p + "owner_detail.id", equalTo(u.id.toString()))
                .body(p + "owner_detail.username", equalTo(u.username))
                .body(p + "owner_detail.email", equalTo(u.email))
                .body(p + "owner_detail", hasKey("full_name"))
                .body(p + "owner_detail", hasKey("profile_picture"))
                .body(p + "owner_detail.full_name", nullValue())
                .body(p + "owner_detail.profile_picture", nullValue());
    }

    private static Map<String, Object> link(String type, UUID id) {
        Map<String, Object> body = new HashMap<>();
        body.put("resource_type", type);
        body.put("resource_id", id.toString());
        body.put("is_public", true);
        return body;
    }

    @Test
    void aShareObjectHasEveryFieldTheClientReadsWithItsType() throws Throwable {
        KnownUser alice = stored.knownUser("alice");
        Map<String, Object> body = link("file", UUID.randomUUID());
        body.put("permission_level", "download");
        body.put("password", "open sesame");
        body.put("allow_preview", false);
        body.put("download_limit", 5);
        body.put(
                "expires_at",
                OffsetDateTime.now().plusDays(1).withNano(0).toInstant().toString());
        ValidatableResponse created =
                as(alice.id).body(body).post("/api/cdn/shares/").then().statusCode(201);
        isShare(created, "");
        isOwnerDetail(created, "", alice);
        created.body("owner", equalTo(alice.id.toString()))
                .body("public_token", instanceOf(String.class))
                .body("expires_at", instanceOf(String.class))
                .body("download_limit", equalTo(5))
                .body("password_protected", equalTo(true))
                .body("has_password", equalTo(true))
                .body("allow_preview", equalTo(false))
                .body("is_expired", equalTo(false))
                .body("can_download", equalTo(true))
                .body("access_logs_count", equalTo(0))
                .body("resource_detail.filename", equalTo("report.pdf"))
                .body("resource_detail.file_size", equalTo(2048))
                .body("resource_detail.mime_type", equalTo("application/pdf"))
                .body("resource_detail", hasKey("thumbnail_url"))
                .body("resource_detail.thumbnail_url", nullValue());
        String id = created.extract().path("id");

        // The list and the share itself say the same; a view of the link is counted in access_logs_count.
        given().queryParam("token", created.extract().<String>path("public_token"))
                .header("X-Share-Password", "open sesame")
                .get("/api/cdn/shares/public/")
                .then()
                .statusCode(200)
                .body("share.password_protected", equalTo(true))
                .body("share.allow_preview", equalTo(false));
        ValidatableResponse listed = as(alice.id).get("/api/cdn/shares/").then().statusCode(200);
        isShare(listed, "results[0].");
        isOwnerDetail(listed, "results[0].", alice);
        listed.body("results[0].id", equalTo(id)).body("results[0].access_logs_count", equalTo(1));
        ValidatableResponse one =
                as(alice.id).get("/api/cdn/shares/" + id + "/").then().statusCode(200);
        isShare(one, "");
        one.body("access_logs_count", equalTo(1));

        // A folder's detail; allow_preview can be changed, and a PUT of what GET shows is accepted.
        ValidatableResponse folder = as(alice.id)
                .body(link("folder", UUID.randomUUID()))
                .post("/api/cdn/shares/")
                .then()
                .statusCode(201);
        isShare(folder, "");
        folder.body("allow_preview", equalTo(true))
                .body("password_protected", equalTo(false))
                .body("resource_detail.name", equalTo("Docs"))
                .body("resource_detail.path", equalTo("/Docs"))
                .body("resource_detail", hasKey("files_count"));
        Map<String, Object> read =
                as(alice.id).get("/api/cdn/shares/" + id + "/").then().extract().as(Map.class);
        read.put("allow_preview", true);
        as(alice.id)
                .body(read)
                .put("/api/cdn/shares/" + id + "/")
                .then()
                .statusCode(200)
                .body("allow_preview", equalTo(true));
        as(alice.id)
                .body(Map.of("allow_preview", "yes"))
                .patch("/api/cdn/shares/" + id + "/")
                .then()
                .statusCode(400)
                .body("details", hasKey("allow_preview"));
    }

    @Test
    void expiryAndTheLimitShowInIsExpiredAndCanDownloadAndAnUnknownMakerHasNoDetail() throws Throwable {
        UUID stranger = UUID.randomUUID();
        Stored expired = stored.publicLink(
                stranger, s -> s.expiresAt = OffsetDateTime.now().minusMinutes(1));
        Stored spent = stored.publicLink(stranger, s -> {
            s.downloadLimit = 1;
            s.downloadCount = 1;
        });
        as(stranger)
                .get("/api/cdn/shares/" + expired.share().id + "/")
                .then()
                .statusCode(200)
                .body("is_expired", equalTo(true))
                .body("can_download", equalTo(false))
                .body("owner_detail", nullValue());
        as(stranger)
                .get("/api/cdn/shares/" + spent.share().id + "/")
                .then()
                .statusCode(200)
                .body("is_expired", equalTo(false))
                .body("can_download", equalTo(false));
    }

    @Test
    void sharedUsersMakesOneGrantPerUserAllOrNothingAndListsThemBack() throws Throwable {
        KnownUser alice = stored.knownUser("alice");
        KnownUser bob = stored.knownUser("bob");
        KnownUser carol = stored.knownUser("carol");
        KnownUser dave = stored.knownUser("dave");
        UUID folder = UUID.randomUUID();
        Map<String, Object> body = new HashMap<>();
        body.put("resource_type", "folder");
        body.put("resource_id", folder.toString());
        body.put(
                "shared_users",
                List.of(
                        Map.of("user_email", bob.email, "permission_level", "view"),
                        Map.of("user_email", carol.username, "permission_level", "edit")));
        Response created = as(alice.id).body(body).post("/api/cdn/shares/");
        created.then()
                .statusCode(201)
                .body("shares", hasSize(2))
                .body("shares.shared_with_user.username", hasItems(bob.username, carol.username))
                .body("shares.permission_level", hasItems("view", "edit"))
                .body("is_public", equalTo(false));
        isShare(created.then(), "");
        isShare(created.then(), "shares[1].");
        String first = created.path("id");

        ValidatableResponse users = as(alice.id)
                .get("/api/cdn/shares/" + first + "/shared_users/")
                .then()
                .statusCode(200)
                .body("$", hasSize(2))
                .body("user_id", hasItems(bob.id.toString(), carol.id.toString()))
                .body("username", hasItems(bob.username, carol.username))
                .body("permission_level", hasItems("view", "edit"))
                .body("user.username", hasItems(bob.username, carol.username));
        for (int i = 0; i < 2; i++) {
            users.body("[" + i + "].user_id", instanceOf(String.class))
                    .body("[" + i + "].username", instanceOf(String.class))
                    .body("[" + i + "].permission_level", instanceOf(String.class))
                    .body("[" + i + "].share_id", instanceOf(String.class));
        }

        // One bad entry and nothing is made: dave, named first, gets no share either.
        Map<String, Object> partly = new HashMap<>(body);
        partly.put("shared_users", List.of(Map.of("user_email", dave.email), Map.of("user_email", "nobody-" + folder)));
        as(alice.id)
                .body(partly)
                .post("/api/cdn/shares/")
                .then()
                .statusCode(400)
                .body("error", equalTo("ValidationError"))
                .body("details", hasKey("shared_users[1].user_email"));
        as(dave.id).get("/api/cdn/shares/with-me/").then().statusCode(200).body("count", equalTo(0));
        partly.put("shared_users", List.of(Map.of("user_email", dave.email), Map.of("user_email", bob.username)));
        as(alice.id)
                .body(partly)
                .post("/api/cdn/shares/")
                .then()
                .statusCode(409)
                .body("details", hasKey("shared_users[1].user_email"));
        as(dave.id).get("/api/cdn/shares/").then().statusCode(200).body("count", equalTo(0));
        partly.put("shared_users", List.of(Map.of("user_email", dave.email, "permission_level", "upload")));
        as(alice.id)
                .body(partly)
                .post("/api/cdn/shares/")
                .then()
                .statusCode(400)
                .body("details", hasKey("shared_users[0].permission_level"));
        partly.put("shared_users", List.of(Map.of("permission_level", "view")));
        as(alice.id)
                .body(partly)
                .post("/api/cdn/shares/")
                .then()
                .statusCode(400)
                .body("details", hasKey("shared_users[0].user_email"));
        partly.put("shared_users", List.of(Map.of("user_email", dave.email), Map.of("user_email", dave.username)));
        as(alice.id)
                .body(partly)
                .post("/api/cdn/shares/")
                .then()
                .statusCode(400)
                .body("details", hasKey("shared_users[1].user_email"));
        partly.put("is_public", true);
        partly.put("shared_users", List.of(Map.of("user_email", dave.email)));
        as(alice.id)
                .body(partly)
                .post("/api/cdn/shares/")
                .then()
                .statusCode(400)
                .body("details", hasKey("shared_users"));

        // What was shared with bob is in his list, as in /with-me.
        ValidatableResponse bobs =
                as(bob.id).get("/api/cdn/shares/").then().statusCode(200).body("count", equalTo(1));
        isShare(bobs, "results[0].");
        isOwnerDetail(bobs, "results[0].", alice);
        bobs.body("results[0].shared_with_user.id", equalTo(bob.id.toString()));
        as(bob.id).get("/api/cdn/shares/with-me/").then().statusCode(200).body("count", equalTo(1));
    }

    @Test
    void statusIsAPlainArrayWithTheCallersPermission() throws Throwable {
        KnownUser alice = stored.knownUser("alice");
        KnownUser bob = stored.knownUser("bob");
        UUID folder = UUID.randomUUID();
        Map<String, Object> body = link("folder", folder);
        body.put("password", "open sesame");
        String token = as(alice.id)
                .body(body)
                .post("/api/cdn/shares/")
                .then()
                .statusCode(201)
                .extract()
                .path("public_token");
        as(alice.id)
                .body(Map.of(
                        "resource_type",
                        "folder",
                        "resource_id",
                        folder.toString(),
                        "shared_with_user",
                        bob.username,
                        "permission_level",
                        "edit"))
                .post("/api/cdn/shares/")
                .then()
                .statusCode(201);

        ValidatableResponse st = as(alice.id)
                .queryParam("resource_type", "folder")
                .queryParam("resource_id", folder)
                .get("/api/cdn/shares/status/")
                .then()
                .statusCode(200)
                .body("$", instanceOf(List.class))
                .body("$", hasSize(2));
        for (int i = 0; i < 2; i++) {
            String p = "[" + i + "].";
            st.body(p + "share_id", instanceOf(String.class))
                    .body(p + "owner", equalTo(alice.username))
                    .body(p + "is_public", instanceOf(Boolean.class))
                    .body(p + "password_protected", instanceOf(Boolean.class))
                    .body(p + "your_permission", equalTo("owner"))
                    .body(p + "shared_with", instanceOf(List.class))
                    .body("[" + i + "]", hasKey("public_token"))
                    .body("[" + i + "]", hasKey("expires_at"));
        }
        // Newest first: the grant, then the link.
        st.body("[0].shared_with", hasSize(1))
                .body("[0].shared_with[0].user_id", equalTo(bob.id.toString()))
                .body("[0].shared_with[0].username", equalTo(bob.username))
                .body("[0].shared_with[0].permission_level", equalTo("edit"))
                .body("[0].public_token", nullValue())
                .body("[1].shared_with", empty())
                .body("[1].public_token", equalTo(token))
                .body("[1].password_protected", equalTo(true))
                .body("[1].is_public", equalTo(true));

        as(bob.id)
                .queryParam("resource_type", "folder")
                .queryParam("resource_id", folder)
                .get("/api/cdn/shares/status/")
                .then()
                .statusCode(200)
                .body("$", hasSize(1))
                .body("[0].your_permission", equalTo("edit"))
                .body("[0].owner", equalTo(alice.username));
        as(UUID.randomUUID())
                .queryParam("resource_type", "folder")
                .queryParam("resource_id", folder)
                .get("/api/cdn/shares/status/")
                .then()
                .statusCode(200)
                .body("$", empty());
    }

    @Test
    void thePublicUrlIsTheLinksPageWhichAnswersAnApiClientAsThePublicApiDoes() throws Throwable {
        KnownUser alice = stored.knownUser("alice");
        Map<String, Object> body = link("folder", UUID.randomUUID());
        body.put("password", "open sesame");
        ValidatableResponse created =
                as(alice.id).body(body).post("/api/cdn/shares/").then().statusCode(201);
        String token = created.extract().path("public_token");
        String publicUrl = created.extract().path("public_url");
        assertThat(publicUrl).startsWith("http").endsWith("/s/" + token);
        String page = URI.create(publicUrl).getPath();

        for (String path : List.of(page, page + "/", "/api/cdn/shares/public/" + token + "/")) {
            given().get(path).then().statusCode(401).body("error", equalTo("PasswordRequired"));
            given().header("X-Share-Password", "open sesame")
                    .queryParam("page_size", 10)
                    .get(path)
                    .then()
                    .statusCode(200)
                    .contentType(containsString("json"))
                    .body("share.public_token", equalTo(token))
                    .body("share.public_url", equalTo(publicUrl))
                    .body("folder.name", equalTo("Docs"))
                    .body("files.results", hasSize(1))
                    .body(
                            "files.results[0].download_url",
                            containsString("/api/cdn/shares/public/" + token + "/files/"))
                    .body("resource", hasSize(1));
        }
        given().header("X-Share-Password", "open sesame")
                .get(page)
                .then()
                .statusCode(200)
                .header("Vary", containsString("Accept"));
        given().header("X-Share-Password", "open sesame")
                .get("/s/" + "A".repeat(43))
                .then()
                .statusCode(404)
                .body("error", equalTo("ResourceNotFound"));
    }

    @Test
    void aPublicTokenOpensTheShareAndItsResource() throws Throwable {
        KnownUser alice = stored.knownUser("alice");
        UUID file = UUID.randomUUID();
        String fileToken = as(alice.id)
                .body(link("file", file))
                .post("/api/cdn/shares/")
                .then()
                .statusCode(201)
                .extract()
                .path("public_token");
        ValidatableResponse opened = given().queryParam("token", fileToken)
                .get("/api/cdn/shares/public/")
                .then()
                .statusCode(200)
                .body("resource", instanceOf(Map.class))
                .body("resource.id", equalTo(file.toString()))
                .body("resource.filename", equalTo("report.pdf"))
                .body("resource.download_url", instanceOf(String.class))
                .body("file.id", equalTo(file.toString()))
                .body("share.public_token", equalTo(fileToken))
                .body("share.resource_detail.filename", equalTo("report.pdf"))
                .body("share.shared_by", equalTo(alice.username))
                .body("share.owner_detail.username", equalTo(alice.username))
                // Anyone with the link reads this: the maker's email stays out.
                .body("share.owner_detail.email", nullValue());
        isShare(opened, "share.");

        UUID folder = UUID.randomUUID();
        String folderToken = as(alice.id)
                .body(link("folder", folder))
                .post("/api/cdn/shares/")
                .then()
                .statusCode(201)
                .extract()
                .path("public_token");
        ValidatableResponse browsed = given().queryParam("token", folderToken)
                .get("/api/cdn/shares/public/")
                .then()
                .statusCode(200)
                .body("resource", instanceOf(List.class))
                .body("resource", hasSize(1))
                .body("resource[0].filename", equalTo("report.pdf"))
                .body("files.results", hasSize(1))
                .body("folder.name", equalTo("Docs"))
                .body("share.resource_detail.name", equalTo("Docs"))
                .body("share.resource_detail.files_count", equalTo(1));
        isShare(browsed, "share.");

        given().get("/api/cdn/shares/public/")
                .then()
                .statusCode(400)
                .body("error", equalTo("ValidationError"))
                .body("details", hasKey("token"));
        given().queryParam("token", "A".repeat(43))
                .get("/api/cdn/shares/public/")
                .then()
                .statusCode(404);
        Stored expired = stored.publicLink(
                alice.id, s -> s.expiresAt = OffsetDateTime.now().minusSeconds(1));
        given().queryParam("token", expired.token())
                .get("/api/cdn/shares/public/")
                .then()
                .statusCode(410)
                .body("error", equalTo("Gone"));
        // The path form keeps answering an expired link as unknown.
        given().get("/api/cdn/shares/public/" + expired.token() + "/").then().statusCode(404);
        assertThat(fileToken).isNotEqualTo(folderToken);
    }
}
