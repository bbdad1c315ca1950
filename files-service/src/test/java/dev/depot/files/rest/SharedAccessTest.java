package dev.depot.files.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;

import dev.depot.events.payload.SharePayload;
import dev.depot.files.Shares;
import dev.depot.files.repository.ShareGrantRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import java.net.URI;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What a user share lets its grantee do through the ordinary API, level by level. */
@QuarkusTest
class SharedAccessTest {

    @Inject
    ShareGrantRepository grants;

    /** Shares {@code id} with {@code grantee} and waits until the grant is in force. */
    static SharePayload grant(Drive owner, String type, String id, Drive grantee, String level) {
        SharePayload share = Shares.created(Shares.user(owner.user, type, id, grantee.user, level));
        String path = "/api/cdn/" + (type.equals("file") ? "files/" : "folders/") + id + "/";
        Shares.await(
                level + " share of " + type + " " + id,
                () -> grantee.as().get(path).statusCode(),
                200);
        return share;
    }

    static String uploaded(Drive d, String name, byte[] bytes, String folder) {
        return BytesTest.upload(d, name, bytes, "image/png", folder)
                .then()
                .statusCode(201)
                .extract()
                .path("file.id");
    }

    @Test
    void viewMaySeeButNotDownloadOrChangeAndAStrangerSeesNothing() {
        Drive owner = new Drive();
        Drive viewer = new Drive();
        Drive stranger = new Drive();
        String file = uploaded(owner, "photo.png", BytesTest.png(3000), null);
        grant(owner, "file", file, viewer, "view");

        viewer.as().get("/api/cdn/files/" + file + "/").then().statusCode(200).body("filename", equalTo("photo.png"));
        viewer.as()
                .get("/api/cdn/files/" + file + "/download/")
                .then()
                .statusCode(403)
                .body("error", equalTo("Forbidden"));
        given().auth()
                .oauth2(viewer.token)
                .get("/api/cdn/files/" + file + "/content")
                .then()
                .statusCode(403);
        viewer.as()
                .body(Map.of("filename", "mine.png"))
                .patch("/api/cdn/files/" + file + "/")
                .then()
                .statusCode(403);
        given().auth()
                .oauth2(viewer.token)
                .multiPart("file", "new.png", BytesTest.png(3001), "image/png")
                .put("/api/cdn/files/" + file + "/content")
                .then()
                .statusCode(403);
        // Owner-only as before: answered as for someone else's file.
        viewer.as().delete("/api/cdn/files/" + file + "/").then().statusCode(404);
        viewer.as().post("/api/cdn/files/" + file + "/star/").then().statusCode(404);
        viewer.as().get("/api/cdn/files/" + file + "/versions/").then().statusCode(404);
        viewer.as().get("/api/cdn/files/").then().body("count", equalTo(0));

        for (String path : List.of(
                "/api/cdn/files/" + file + "/",
                "/api/cdn/files/" + file + "/download/",
                "/api/cdn/files/" + file + "/content")) {
            stranger.as().get(path).then().statusCode(404).body("error", equalTo("ResourceNotFound"));
        }
        owner.as()
                .get("/api/cdn/files/" + file + "/")
                .then()
                .statusCode(200)
                .body("filename", equalTo("photo.png"))
                .body("is_trashed", equalTo(false));
    }

    @Test
    void downloadMayFetchTheBytes() {
        Drive owner = new Drive();
        Drive reader = new Drive();
        byte[] bytes = BytesTest.png(4000);
        String file = uploaded(owner, "scan.png", bytes, null);
        grant(owner, "file", file, reader, "download");

        String url = reader.as()
                .get("/api/cdn/files/" + file + "/download/")
                .then()
                .statusCode(200)
                .body("filename", equalTo("scan.png"))
                .extract()
                .path("download_url");
        assertThat(given().get(url).then().statusCode(200).extract().asByteArray())
                .isEqualTo(bytes);
        assertThat(given().auth()
                        .oauth2(reader.token)
                        .get("/api/cdn/files/" + file + "/content")
                        .then()
                        .statusCode(200)
                        .extract()
                        .asByteArray())
                .isEqualTo(bytes);
        reader.as()
                .body(Map.of("filename", "renamed.png"))
                .patch("/api/cdn/files/" + file + "/")
                .then()
                .statusCode(403);
    }

    @Test
    void editMayUploadIntoTheFolderOnTheOwnersQuotaAndRenameButNotMoveOrTrash() {
        Drive owner = new Drive();
        Drive editor = new Drive();
        Drive viewer = new Drive();
        String team = owner.folder("team", null);
        String elsewhere = owner.folder("private", null);
        owner.file("notes.pdf", team);
        grant(owner, "folder", team, editor, "edit");
        grant(owner, "folder", team, viewer, "view");

        String dropped = uploaded(editor, "drop.png", BytesTest.png(5000), team);
        owner.as().get("/api/cdn/files/" + dropped + "/").then().statusCode(200).body("folder", equalTo(team));
        owner.as().get("/api/cdn/storage/").then().body("total_used", equalTo(1000 + 5000));
        editor.as().get("/api/cdn/storage/").then().body("total_used", equalTo(0));
        editor.as().get("/api/cdn/files/").then().body("count", equalTo(0));

        String registered = editor.register("reg.pdf", team, 100, "application/pdf", null)
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        owner.as().get("/api/cdn/files/" + registered + "/").then().statusCode(200);
        String sub = editor.createFolder("sub", team)
                .then()
                .statusCode(201)
                .extract()
                .path("id");
        owner.as().get("/api/cdn/folders/" + sub + "/").then().statusCode(200).body("path", equalTo("/team/sub"));
        String album = given().auth()
                .oauth2(editor.token)
                .multiPart("Album/a.png", "a.png", BytesTest.png(600), "image/png")
                .multiPart("parent_folder_id", team)
                .post("/api/cdn/folders/upload/")
                .then()
                .statusCode(201)
                .extract()
                .path("folder_id");
        owner.as().get("/api/cdn/folders/" + album + "/").then().statusCode(200).body("path", equalTo("/team/Album"));
        owner.as().get("/api/cdn/storage/").then().body("total_used", equalTo(1000 + 5000 + 100 + 600));

        editor.as()
                .body(Map.of("filename", "renamed.png"))
                .patch("/api/cdn/files/" + dropped + "/")
                .then()
                .statusCode(200)
                .body("filename", equalTo("renamed.png"));
        editor.as()
                .body(Map.of("name", "sub2"))
                .put("/api/cdn/folders/" + sub + "/")
                .then()
                .statusCode(200)
                .body("path", equalTo("/team/sub2"));
        given().auth()
                .oauth2(editor.token)
                .multiPart("file", "v2.png", BytesTest.png(5001), "image/png")
                .put("/api/cdn/files/" + dropped + "/content")
                .then()
                .statusCode(200)
                .body("file.file_size", equalTo(5001));
        owner.as().get("/api/cdn/files/" + dropped + "/versions/").then().body("versions.size()", equalTo(2));

        // Moving stays with the owner, even within the shared folder; so does the trash.
        editor.as()
                .body(Map.of("folder_id", elsewhere))
                .patch("/api/cdn/files/" + dropped + "/")
                .then()
                .statusCode(403);
        editor.as()
                .body(Map.of("folder_id", sub))
                .patch("/api/cdn/files/" + dropped + "/")
                .then()
                .statusCode(403);
        editor.as()
                .body(Map.of("parent", elsewhere))
                .patch("/api/cdn/folders/" + sub + "/")
                .then()
                .statusCode(403);
        editor.as().delete("/api/cdn/files/" + dropped + "/").then().statusCode(404);
        editor.as().delete("/api/cdn/folders/" + sub + "/").then().statusCode(404);
        owner.as()
                .get("/api/cdn/files/" + dropped + "/")
                .then()
                .body("folder", equalTo(team))
                .body("is_trashed", equalTo(false));
        owner.as().get("/api/cdn/folders/" + sub + "/").then().body("is_trashed", equalTo(false));

        // View is not enough to add anything.
        BytesTest.upload(viewer, "no.png", BytesTest.png(700), "image/png", team)
                .then()
                .statusCode(403);
        viewer.createFolder("no", team).then().statusCode(403);
        viewer.register("no.pdf", team, 1, "application/pdf", null).then().statusCode(403);
        viewer.as()
                .body(Map.of("name", "x"))
                .patch("/api/cdn/folders/" + team + "/")
                .then()
                .statusCode(403);
        viewer.as()
                .get("/api/cdn/folders/" + team + "/contents/")
                .then()
                .statusCode(200)
                .body("files.filename", hasItems("notes.pdf", "renamed.png", "reg.pdf"))
                .body("folders.name", hasItems("sub2", "Album"));
    }

    @Test
    void aFolderGrantReachesAFileThreeLevelsDownAndNothingBeside() {
        Drive owner = new Drive();
        Drive reader = new Drive();
        String a = owner.folder("a", null);
        String b = owner.folder("b", a);
        String c = owner.folder("c", b);
        String beside = owner.folder("beside", null);
        byte[] bytes = BytesTest.png(1200);
        String deep = uploaded(owner, "deep.png", bytes, c);
        String outside = owner.file("outside.pdf", beside);
        grant(owner, "folder", a, reader, "download");

        reader.as().get("/api/cdn/files/" + deep + "/").then().statusCode(200);
        String url = reader.as()
                .get("/api/cdn/files/" + deep + "/download/")
                .then()
                .statusCode(200)
                .extract()
                .path("download_url");
        assertThat(given().get(url).asByteArray()).isEqualTo(bytes);
        reader.as()
                .get("/api/cdn/folders/" + c + "/contents/")
                .then()
                .statusCode(200)
                .body("files.id", hasItem(deep));
        reader.as().get("/api/cdn/folders/" + b + "/").then().statusCode(200);
        reader.as().get("/api/cdn/folders/" + beside + "/").then().statusCode(404);
        reader.as().get("/api/cdn/files/" + outside + "/").then().statusCode(404);
        reader.as().get("/api/cdn/folders/root/").then().statusCode(200).body("folders.size()", equalTo(0));
    }

    @Test
    void trashMakesAGrantInertAndRestoreBringsItBack() {
        Drive owner = new Drive();
        Drive reader = new Drive();
        String folder = owner.folder("shared", null);
        String file = owner.file("in.pdf", folder);
        grant(owner, "folder", folder, reader, "view");

        owner.as().delete("/api/cdn/folders/" + folder + "/").then().statusCode(200);
        reader.as().get("/api/cdn/folders/" + folder + "/").then().statusCode(404);
        reader.as().get("/api/cdn/folders/" + folder + "/contents/").then().statusCode(404);
        reader.as().get("/api/cdn/files/" + file + "/").then().statusCode(404);
        owner.as().post("/api/cdn/trash/" + folder + "/restore/").then().statusCode(200);
        reader.as().get("/api/cdn/folders/" + folder + "/").then().statusCode(200);
        reader.as().get("/api/cdn/files/" + file + "/").then().statusCode(200);

        owner.as().delete("/api/cdn/files/" + file + "/").then().statusCode(200);
        reader.as().get("/api/cdn/files/" + file + "/").then().statusCode(404);
        reader.as().get("/api/cdn/folders/" + folder + "/").then().statusCode(200);
        owner.as().post("/api/cdn/trash/" + file + "/restore/").then().statusCode(200);
        reader.as().get("/api/cdn/files/" + file + "/").then().statusCode(200);
    }

    @Test
    void tusUploadsIntoASharedFolderNeedEdit() {
        Drive owner = new Drive();
        Drive editor = new Drive();
        Drive viewer = new Drive();
        String folder = owner.folder("inbox", null);
        grant(owner, "folder", folder, editor, "edit");
        grant(owner, "folder", folder, viewer, "view");
        byte[] bytes = BytesTest.png(2000);

        tusCreate(viewer, bytes.length, folder).then().statusCode(403);
        tusCreate(new Drive(), bytes.length, folder).then().statusCode(404);
        String path = URI.create(tusCreate(editor, bytes.length, folder)
                        .then()
                        .statusCode(201)
                        .extract()
                        .header("Location"))
                .getPath();
        String id = given().auth()
                .oauth2(editor.token)
                .header("Tus-Resumable", "1.0.0")
                .header("Upload-Offset", 0)
                .contentType("application/offset+octet-stream")
                .body(bytes)
                .patch(path)
                .then()
                .statusCode(204)
                .extract()
                .header("Depot-File-Id");
        owner.as().get("/api/cdn/files/" + id + "/").then().statusCode(200).body("folder", equalTo(folder));
        owner.as().get("/api/cdn/storage/").then().body("total_used", equalTo(bytes.length));
    }

    @Test
    void deletingForGoodDropsTheGrantsOnEverythingItTook() throws Throwable {
        Drive owner = new Drive();
        Drive a = new Drive();
        Drive b = new Drive();
        String top = owner.folder("top", null);
        String sub = owner.folder("sub", top);
        String deep = owner.file("deep.pdf", sub);
        String loose = owner.file("loose.pdf", null);
        List<SharePayload> shares = List.of(
                grant(owner, "folder", top, a, "view"),
                grant(owner, "folder", sub, b, "edit"),
                grant(owner, "file", deep, b, "view"),
                grant(owner, "file", loose, a, "view"));
        assertThat(storedGrants(shares)).isEqualTo(4);

        owner.as().delete("/api/cdn/folders/" + top + "/").then().statusCode(200);
        owner.as().delete("/api/cdn/trash/" + top + "/").then().statusCode(200);
        assertThat(storedGrants(shares)).isEqualTo(1);
        owner.as().delete("/api/cdn/files/" + loose + "/").then().statusCode(200);
        owner.as().post("/api/cdn/trash/empty/").then().statusCode(200);
        assertThat(storedGrants(shares)).isZero();
    }

    private long storedGrants(List<SharePayload> shares) throws Throwable {
        List<UUID> ids = shares.stream().map(SharePayload::shareId).toList();
        return VertxContextSupport.subscribeAndAwait(
                () -> Panache.withSession(() -> grants.count("shareId in ?1", ids)));
    }

    private static Response tusCreate(Drive d, long length, String folder) {
        return given().auth()
                .oauth2(d.token)
                .header("Tus-Resumable", "1.0.0")
                .header("Upload-Length", length)
                .header(
                        "Upload-Metadata",
                        "filename " + Base64.getEncoder().encodeToString("t.png".getBytes()) + ",folder_id "
                                + Base64.getEncoder().encodeToString(folder.getBytes()))
                .post("/api/cdn/uploads/");
    }
}
