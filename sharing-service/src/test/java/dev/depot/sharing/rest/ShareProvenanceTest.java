package dev.depot.sharing.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.depot.events.EventCodec;
import dev.depot.events.Topics;
import dev.depot.sharing.Share;
import dev.depot.sharing.StoredShares;
import dev.depot.sharing.StoredShares.Stored;
import dev.depot.testing.TestKafka;
import dev.depot.testing.TestTokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Who made a share, through which grant, and what revoking that grant takes with it. Stored straight
 * into the database: the resource's owner manages without asking files-service, which is not running here.
 */
@QuarkusTest
class ShareProvenanceTest {

    @Inject
    StoredShares stored;

    private static RequestSpecification as(UUID user) {
        return given().auth().oauth2(TestTokens.forUser(user)).contentType(ContentType.JSON);
    }

    /** O's folder shared with D as admin; D shared it with Z as admin and made a public link; Z shared it with W. */
    record Chain(UUID owner, UUID d, UUID z, UUID w, UUID folder, Share toD, Share toZ, Stored dLink, Share toW) {}

    private Chain chain() throws Throwable {
        UUID o = UUID.randomUUID();
        UUID d = UUID.randomUUID();
        UUID z = UUID.randomUUID();
        UUID w = UUID.randomUUID();
        UUID folder = UUID.randomUUID();
        Share toD = stored.userShare(o, o, folder, d, "admin", null, s -> {});
        Share toZ = stored.userShare(o, d, folder, z, "admin", toD.id, s -> {});
        Stored dLink = stored.publicLink(d, s -> {
            s.resourceOwnerId = o;
            s.resourceType = "folder";
            s.resourceId = folder;
            s.grantedVia = toD.id;
        });
        Share toW = stored.userShare(o, z, folder, w, "view", toZ.id, s -> {});
        return new Chain(o, d, z, w, folder, toD, toZ, dLink, toW);
    }

    @Test
    void theResourcesOwnerSeesAndManagesEveryShareOfItWithItsMaker() throws Throwable {
        Chain c = chain();
        Response list = as(c.owner()).get("/api/cdn/shares/");
        list.then().statusCode(200).body("count", equalTo(4));
        assertThat(list.<List<String>>path("results.created_by.id"))
                .containsExactlyInAnyOrder(c.owner().toString(), c.d().toString(), c.d().toString(), c.z().toString());
        assertThat(list.<List<String>>path("results.resource_owner"))
                .containsOnly(c.owner().toString());
        Response status = as(c.owner())
                .queryParam("resource_type", "folder")
                .queryParam("resource_id", c.folder().toString())
                .get("/api/cdn/shares/status/");
        status.then().statusCode(200).body("size()", equalTo(4));
        assertThat(status.<List<Boolean>>path("is_public")).containsExactlyInAnyOrder(true, false, false, false);
        assertThat(status.<List<String>>path("granted_via"))
                .containsOnly(null, c.toD().id.toString(), c.toZ().id.toString());

        String dLink = "/api/cdn/shares/" + c.dLink().share().id + "/";
        as(c.owner())
                .get(dLink)
                .then()
                .statusCode(200)
                .body("created_by.id", equalTo(c.d().toString()))
                .body("granted_via", equalTo(c.toD().id.toString()));
        as(c.owner())
                .body(Map.of("download_limit", 2))
                .patch(dLink)
                .then()
                .statusCode(200)
                .body("download_limit", equalTo(2));
        as(c.owner()).get(dLink + "accesses/").then().statusCode(200).body("count", equalTo(0));
        // Someone neither owner nor maker sees nothing of it.
        as(c.w()).get(dLink).then().statusCode(404);
        // Z's list: what Z made, and the grant naming Z.
        Response zs = as(c.z()).get("/api/cdn/shares/");
        zs.then().statusCode(200).body("count", equalTo(2));
        assertThat(zs.<List<String>>path("results.id"))
                .containsExactlyInAnyOrder(c.toW().id.toString(), c.toZ().id.toString());
        as(c.owner()).delete(dLink).then().statusCode(204);
        given().get("/api/cdn/shares/public/" + c.dLink().token() + "/").then().statusCode(404);
    }

    @Test
    void revokingAGrantRevokesWhatWasMadeThroughItTransitivelyEachWithItsEvent() throws Throwable {
        Chain c = chain();
        as(c.owner()).delete("/api/cdn/shares/" + c.toD().id + "/").then().statusCode(204);

        for (Share s : List.of(c.toD(), c.toZ(), c.dLink().share(), c.toW())) {
            assertThat(stored.reload(s.id).revokedAt).as("share %s", s.id).isNotNull();
            String revoked = TestKafka.valuesWithKey(
                            Topics.SHARES, s.id.toString(), 1, Duration.ofSeconds(15), Duration.ZERO)
                    .get(0);
            assertThat(EventCodec.read(revoked).type()).isEqualTo("share.revoked");
            assertThat(EventCodec.read(revoked).data().get("active").asBoolean())
                    .isFalse();
        }
        given().get("/api/cdn/shares/public/" + c.dLink().token() + "/").then().statusCode(404);
        as(c.owner()).get("/api/cdn/shares/").then().body("count", equalTo(0));
        for (UUID maker : List.of(c.d(), c.z())) {
            as(maker).get("/api/cdn/shares/").then().body("count", equalTo(0));
        }
        as(c.d())
                .body(Map.of("download_limit", 9))
                .patch("/api/cdn/shares/" + c.dLink().share().id + "/")
                .then()
                .statusCode(404);
        as(c.d())
                .get("/api/cdn/shares/" + c.dLink().share().id + "/accesses/")
                .then()
                .statusCode(404);
    }

    @Test
    void downgradingAGrantBelowAdminRevokesWhatWasMadeThroughItButKeepsTheGrant() throws Throwable {
        Chain c = chain();
        as(c.owner())
                .body(Map.of("permission_level", "edit"))
                .patch("/api/cdn/shares/" + c.toD().id + "/")
                .then()
                .statusCode(200)
                .body("permission_level", equalTo("edit"));

        assertThat(stored.reload(c.toD().id).revokedAt).isNull();
        for (Share s : List.of(c.toZ(), c.dLink().share(), c.toW())) {
            assertThat(stored.reload(s.id).revokedAt).as("share %s", s.id).isNotNull();
        }
        as(c.owner())
                .get("/api/cdn/shares/")
                .then()
                .body("count", equalTo(1))
                .body("results[0].id", equalTo(c.toD().id.toString()));
        // Other changes of an admin grant take nothing with them.
        Chain other = chain();
        as(other.owner())
                .body(Map.of("download_limit", 3))
                .patch("/api/cdn/shares/" + other.toD().id + "/")
                .then()
                .statusCode(200);
        assertThat(stored.reload(other.toZ().id).revokedAt).isNull();
    }

    @Test
    void aMakerWhoseGrantNoLongerGivesAdminCannotManageWhatTheyMade() throws Throwable {
        UUID o = UUID.randomUUID();
        UUID d = UUID.randomUUID();
        UUID folder = UUID.randomUUID();
        Share toD = stored.userShare(
                o,
                o,
                folder,
                d,
                "admin",
                null,
                s -> s.expiresAt = OffsetDateTime.now().plusSeconds(1));
        Stored link = stored.publicLink(d, s -> {
            s.resourceOwnerId = o;
            s.resourceType = "folder";
            s.resourceId = folder;
            s.grantedVia = toD.id;
        });
        Thread.sleep(1100);
        String path = "/api/cdn/shares/" + link.share().id + "/";
        as(d).get(path).then().statusCode(404);
        as(d).body(Map.of("download_limit", 9)).patch(path).then().statusCode(404);
        as(d).delete(path).then().statusCode(404);
        as(d).get("/api/cdn/shares/").then().body("count", equalTo(0));
        as(o).get(path).then().statusCode(200).body("created_by.id", equalTo(d.toString()));
    }
}
