package dev.depot.files.rest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.depot.events.payload.SharePayload;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The lookup names the share an admin's access comes through, so sharing-service can record re-shares' provenance. */
@QuarkusTest
class LookupViaShareTest {

    @Test
    void adminAccessNamesTheNearestAdminGrantAndOtherAccessNamesNone() {
        Drive owner = new Drive();
        Drive admin = new Drive();
        Drive viewer = new Drive();
        String top = owner.folder("top", null);
        String middle = owner.folder("middle", top);
        String bottom = owner.folder("bottom", middle);
        String deepFile = owner.file("deep.pdf", bottom);
        String ownFile = owner.file("own.pdf", bottom);
        SharePayload onTop = SharedAccessTest.grant(owner, "folder", top, admin, "admin");
        SharePayload onMiddle = SharedAccessTest.grant(owner, "folder", middle, admin, "admin");
        SharePayload onOwnFile = SharedAccessTest.grant(owner, "file", ownFile, admin, "admin");
        SharedAccessTest.grant(owner, "folder", top, viewer, "view");

        List<Map<String, Object>> items = List.of(
                InternalApiTest.item("folder", top),
                InternalApiTest.item("folder", bottom),
                InternalApiTest.item("file", deepFile),
                InternalApiTest.item("file", ownFile));
        JsonPath asAdmin = InternalApiTest.service()
                .body(InternalApiTest.lookupBody(admin.user, items))
                .post("/internal/resources/lookup")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(asAdmin.getList("results.access")).containsExactly("admin", "admin", "admin", "admin");
        assertThat(asAdmin.getList("results.via_share_id"))
                .containsExactly(
                        onTop.shareId().toString(),
                        onMiddle.shareId().toString(),
                        onMiddle.shareId().toString(),
                        onOwnFile.shareId().toString());

        JsonPath asViewer = InternalApiTest.service()
                .body(InternalApiTest.lookupBody(viewer.user, items))
                .post("/internal/resources/lookup")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(asViewer.getList("results.access")).containsExactly("view", "view", "view", "view");
        assertThat(asViewer.getList("results.via_share_id")).containsOnlyNulls();
        JsonPath asOwner = InternalApiTest.service()
                .body(InternalApiTest.lookupBody(owner.user, items))
                .post("/internal/resources/lookup")
                .then()
                .statusCode(200)
                .extract()
                .jsonPath();
        assertThat(asOwner.getList("results.via_share_id")).containsOnlyNulls();
    }
}
