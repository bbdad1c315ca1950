package dev.depot.system;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.oneOf;

import io.restassured.response.Response;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Shares made through a grant live and die with it. O shares a folder with D as admin; what D shares
 * through that grant is O's to see and manage, and goes when O takes D's grant away or lowers it, even
 * when D is sharing at that very moment.
 */
@ExtendWith(SharedSuite.class)
class ShareProvenanceIT {

    private static String gateway;

    @BeforeAll
    static void start() {
        gateway = SharedSuite.suite().url("gateway");
    }

    @Test
    void revokingAnAdminGrantTakesEverythingMadeThroughItAndOnlyTheOwnerManagesWhatIsLeft() {
        GatewayUser o = register();
        GatewayUser d = register();
        GatewayUser z = register();
        String folder = mkdir(o, "Team");
        upload(o, folder, "plan.txt", "the plan");

        String toD = o.share(userShare(folder, d, "admin")).path("id");
        String toZ = d.share(userShare(folder, z, "admin")).path("id");
        Response link = d.share(Map.of("resource_type", "folder", "resource_id", folder, "is_public", true));
        String dLink = link.path("id");
        String token = link.path("public_token");
        String contents = "/api/cdn/folders/" + folder + "/contents/";
        eventually(() -> z.api().get(contents).then().statusCode(200).body("files.filename", hasItem("plan.txt")));
        publicLink(token).then().statusCode(200);

        // O sees all three shares of the folder, each with its maker.
        eventually(() -> {
            Response mine = o.api().get("/api/cdn/shares/");
            mine.then().statusCode(200).body("count", equalTo(3));
            assertThat(madeBy(mine))
                    .containsEntry(toD, o.name())
                    .containsEntry(toZ, d.name())
                    .containsEntry(dLink, d.name());
        });
        o.api()
                .queryParam("resource_type", "folder")
                .queryParam("resource_id", folder)
                .get("/api/cdn/shares/status/")
                .then()
                .statusCode(200)
                .body("size()", equalTo(3))
                .body("findAll { it.is_public }.size()", equalTo(1))
                .body("findAll { it.shared_with.size() > 0 }.size()", equalTo(2));
        o.api()
                .get("/api/cdn/shares/" + toZ + "/")
                .then()
                .statusCode(200)
                .body("created_by.username", equalTo(d.name()))
                .body("granted_via", equalTo(toD));
        o.api()
                .get("/api/cdn/shares/" + dLink + "/accesses/")
                .then()
                .statusCode(200)
                .body("count", equalTo(1));

        o.api().delete("/api/cdn/shares/" + toD + "/").then().statusCode(204);

        publicLink(token).then().statusCode(404);
        eventually(() -> z.api().get(contents).then().statusCode(404));
        for (GatewayUser u : List.of(o, d, z)) {
            u.api().get("/api/cdn/shares/").then().statusCode(200).body("count", equalTo(0));
        }
        z.api().get("/api/cdn/shares/with-me/").then().body("count", equalTo(0));
        d.api().get("/api/cdn/shares/with-me/").then().body("count", equalTo(0));
        for (String made : List.of(toZ, dLink)) {
            d.api()
                    .body(Map.of("permission_level", "view"))
                    .patch("/api/cdn/shares/" + made + "/")
                    .then()
                    .statusCode(404);
            d.api().get("/api/cdn/shares/" + made + "/accesses/").then().statusCode(404);
            d.api().delete("/api/cdn/shares/" + made + "/").then().statusCode(404);
            d.api().get("/api/cdn/shares/" + made + "/").then().statusCode(404);
        }
        z.api()
                .body(userShare(folder, d, "admin"))
                .post("/api/cdn/shares/")
                .then()
                .statusCode(oneOf(403, 404));
        d.api().get(contents).then().statusCode(404);

        String again = o.share(userShare(folder, z, "view")).path("id");
        o.api().get("/api/cdn/shares/").then().body("count", equalTo(1)).body("results[0].id", equalTo(again));
        o.api().delete("/api/cdn/shares/" + again + "/").then().statusCode(204);
        o.api().get("/api/cdn/shares/").then().body("count", equalTo(0));
    }

    @Test
    void loweringAnAdminGrantBelowAdminRevokesWhatWasMadeThroughItButLeavesTheGrant() {
        GatewayUser o = register();
        GatewayUser d = register();
        GatewayUser z = register();
        String folder = mkdir(o, "Lowered");
        String toD = o.share(userShare(folder, d, "admin")).path("id");
        String toZ = d.share(userShare(folder, z, "admin")).path("id");
        String token = d.share(Map.of("resource_type", "folder", "resource_id", folder, "is_public", true))
                .path("public_token");
        String contents = "/api/cdn/folders/" + folder + "/contents/";
        eventually(() -> z.api().get(contents).then().statusCode(200));

        o.api()
                .body(Map.of("permission_level", "view"))
                .patch("/api/cdn/shares/" + toD + "/")
                .then()
                .statusCode(200)
                .body("permission_level", equalTo("view"));

        publicLink(token).then().statusCode(404);
        eventually(() -> z.api().get(contents).then().statusCode(404));
        o.api().get("/api/cdn/shares/").then().body("count", equalTo(1)).body("results[0].id", equalTo(toD));
        d.api().get("/api/cdn/shares/" + toZ + "/").then().statusCode(404);
        d.api().get(contents).then().statusCode(200);
        eventually(() -> d.api()
                .body(userShare(folder, z, "view"))
                .post("/api/cdn/shares/")
                .then()
                .statusCode(403));
    }

    @Test
    void aRevocationRacingAReshareNeverLeavesAShareMadeThroughARevokedGrant() throws Exception {
        GatewayUser o = register();
        GatewayUser d = register();
        GatewayUser z = register();
        // Sharing-service has heard of Z: a refusal below is the race's, not a 400 for an unknown name.
        o.share(userShare(mkdir(o, "Warm-up"), z, "view"));
        ExecutorService pool = Executors.newFixedThreadPool(2);
        int rounds = 20;
        int reshareWon = 0;
        try {
            for (int round = 0; round < rounds; round++) {
                String folder = mkdir(o, "Race " + round);
                String toD = o.share(userShare(folder, d, "admin")).path("id");
                // D's grant has reached files-service: D's share is refused only by the race, not by lag.
                eventually(() -> d.api()
                        .get("/api/cdn/folders/" + folder + "/contents/")
                        .then()
                        .statusCode(200));

                CyclicBarrier together = new CyclicBarrier(2);
                int jitter = ThreadLocalRandom.current().nextInt(0, 30);
                boolean ownerFirst = round % 2 == 0;
                Future<Integer> revoke = pool.submit(() -> {
                    together.await();
                    if (!ownerFirst) {
                        Thread.sleep(jitter);
                    }
                    return o.api().delete("/api/cdn/shares/" + toD + "/").statusCode();
                });
                Future<Integer> reshare = pool.submit(() -> {
                    together.await();
                    if (ownerFirst) {
                        Thread.sleep(jitter);
                    }
                    return d.api()
                            .body(userShare(folder, z, "admin"))
                            .post("/api/cdn/shares/")
                            .statusCode();
                });
                assertThat(revoke.get()).isEqualTo(204);
                int created = reshare.get();
                assertThat(created).as("round %d", round).isIn(201, 403, 404);
                reshareWon += created == 201 ? 1 : 0;

                // Whoever won, nothing made through the revoked grant is in force.
                Response left = o.api()
                        .queryParam("resource_type", "folder")
                        .queryParam("resource_id", folder)
                        .get("/api/cdn/shares/status/");
                left.then().statusCode(200);
                assertThat(left.<List<String>>path("granted_via"))
                        .as("round %d", round)
                        .doesNotContain(toD);
                assertThat(left.<List<String>>path("share_id"))
                        .as("round %d", round)
                        .isEmpty();
                eventually(() -> z.api()
                        .get("/api/cdn/folders/" + folder + "/contents/")
                        .then()
                        .statusCode(404));
            }
        } finally {
            pool.shutdownNow();
        }
        System.out.printf(
                "share provenance race: the re-share was made (then revoked) in %d of %d rounds%n", reshareWon, rounds);
    }

    // --- helpers ---

    private static Map<String, Object> userShare(String folder, GatewayUser with, String level) {
        return Map.of(
                "resource_type",
                "folder",
                "resource_id",
                folder,
                "shared_with_user",
                with.name(),
                "permission_level",
                level);
    }

    private static Response publicLink(String token) {
        return given().baseUri(gateway).get("/api/cdn/shares/public/" + token + "/");
    }

    /** Share id to the username of its maker, from a page of shares. */
    private static Map<String, String> madeBy(Response page) {
        Map<String, String> byId = new HashMap<>();
        List<String> ids = page.path("results.id");
        List<String> makers = page.path("results.created_by.username");
        for (int i = 0; i < ids.size(); i++) {
            byId.put(ids.get(i), makers.get(i));
        }
        return byId;
    }

    private static GatewayUser register() {
        return GatewayUser.register(gateway, "pv");
    }

    private static String mkdir(GatewayUser owner, String name) {
        return owner.api()
                .body(Map.of("name", name))
                .post("/api/cdn/folders/")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    private static void upload(GatewayUser owner, String folderId, String name, String content) {
        given().baseUri(gateway)
                .auth()
                .oauth2(owner.token())
                .multiPart("file", name, content.getBytes(StandardCharsets.UTF_8))
                .multiPart("folder_id", folderId)
                .post("/api/cdn/files/upload/")
                .then()
                .statusCode(201);
    }

    private static void eventually(Runnable assertion) {
        Eventually.within(Duration.ofSeconds(10), assertion);
    }
}
