package dev.depot.files.rest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.notNullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

@QuarkusTest
class FoldersTest {

    @Test
    void theRootIsMadeOnFirstUseWithItsContents() {
        Drive d = new Drive();
        String rootId = d.as().get("/api/cdn/folders/root/")
                .then()
                .statusCode(200)
                .body("folder.is_root", equalTo(true))
                .body("folder.path", equalTo("/"))
                .body("folders.size()", equalTo(0))
                .body("files.size()", equalTo(0))
                .extract()
                .path("folder.id");
        d.folder("Docs", null);
        d.file("a.pdf", null);
        d.as().get("/api/cdn/folders/root/")
                .then()
                .statusCode(200)
                .body("folder.id", equalTo(rootId))
                .body("folders.name", hasItem("Docs"))
                .body("files.filename", hasItem("a.pdf"));
    }

    @Test
    void aFolderHasTheCdnClientApiFields() {
        Drive d = new Drive();
        String id = d.folder("Photos", null);
        d.as().get("/api/cdn/folders/" + id + "/")
                .then()
                .statusCode(200)
                .body("name", equalTo("Photos"))
                .body("path", equalTo("/Photos"))
                .body("is_root", equalTo(false))
                .body("is_starred", equalTo(false))
                .body("is_trashed", equalTo(false))
                .body("parent", notNullValue())
                .body("created_at", notNullValue())
                .body("updated_at", notNullValue())
                .body("owner", equalTo(d.user.toString()));
        String child = d.folder("2024", id);
        d.as().get("/api/cdn/folders/" + child + "/").then().body("path", equalTo("/Photos/2024"));
        d.as().get("/api/cdn/folders/" + id + "/contents/")
                .then()
                .statusCode(200)
                .body("folders.id", hasItem(child));
        d.as().queryParam("parent", id)
                .get("/api/cdn/folders/")
                .then()
                .statusCode(200)
                .body("count", equalTo(1));
    }

    @Test
    void aSiblingWithTheSameNameIs409WhateverItsCase() {
        Drive d = new Drive();
        d.folder("Music", null);
        d.createFolder("MUSIC", null)
                .then()
                .statusCode(409)
                .body("error", equalTo("Conflict"))
                .body("details", hasKey("name"));
    }

    @Test
    void badNamesAre400() {
        Drive d = new Drive();
        for (String bad : new String[] {"", "   ", "a/b", "a\\b", "..", ".", "tab\tname", "x".repeat(256)}) {
            d.createFolder(bad, null).then().statusCode(400).body("error", equalTo("ValidationError"));
        }
        d.as().body("{\"name\": 12, \"parent\": \"not-a-uuid\"}")
                .post("/api/cdn/folders/")
                .then()
                .statusCode(400);
    }

    @Test
    void starringToggles() {
        Drive d = new Drive();
        String id = d.folder("Fav", null);
        d.as().post("/api/cdn/folders/" + id + "/star/").then().statusCode(200).body("starred", equalTo(true));
        d.as().queryParam("starred", true).get("/api/cdn/folders/").then().body("results.id", hasItem(id));
        d.as().post("/api/cdn/folders/" + id + "/star/").then().statusCode(200).body("starred", equalTo(false));
    }

    @Test
    void movingIntoItselfOrBelowIsRefused() {
        Drive d = new Drive();
        String a = d.folder("A", null);
        String b = d.folder("B", a);
        d.as().body(Map.of("parent", a))
                .patch("/api/cdn/folders/" + a + "/")
                .then()
                .statusCode(400);
        d.as().body(Map.of("parent", b))
                .patch("/api/cdn/folders/" + a + "/")
                .then()
                .statusCode(400)
                .body("error", equalTo("ValidationError"));
    }

    @Test
    void theRootCannotBeRenamedMovedOrDeleted() {
        Drive d = new Drive();
        String root = d.as().get("/api/cdn/folders/root/").then().extract().path("folder.id");
        d.as().body(Map.of("name", "x"))
                .patch("/api/cdn/folders/" + root + "/")
                .then()
                .statusCode(400);
        d.as().delete("/api/cdn/folders/" + root + "/").then().statusCode(400);
    }

    @Test
    void pathsStayRightThroughADeepTreeRenamedMovedTrashedAndRestored() {
        Drive d = new Drive();
        String l1 = d.folder("l1", null);
        String l2 = d.folder("l2", l1);
        String l3 = d.folder("l3", l2);
        String l4 = d.folder("l4", l3);
        String l5 = d.folder("l5", l4);
        String l6 = d.folder("l6", l5);
        String file = d.file("deep.pdf", l6);
        String other = d.folder("other", null);

        d.as().body(Map.of("name", "L2"))
                .patch("/api/cdn/folders/" + l2 + "/")
                .then()
                .statusCode(200)
                .body("path", equalTo("/l1/L2"));
        d.as().get("/api/cdn/folders/" + l6 + "/").then().body("path", equalTo("/l1/L2/l3/l4/l5/l6"));

        d.as().body(Map.of("parent", other))
                .patch("/api/cdn/folders/" + l3 + "/")
                .then()
                .statusCode(200)
                .body("path", equalTo("/other/l3"));
        d.as().get("/api/cdn/folders/" + l6 + "/").then().body("path", equalTo("/other/l3/l4/l5/l6"));

        d.as().delete("/api/cdn/folders/" + l3 + "/").then().statusCode(200);
        d.as().get("/api/cdn/folders/" + l6 + "/").then().body("is_trashed", equalTo(true));
        d.as().get("/api/cdn/files/" + file + "/").then().body("is_trashed", equalTo(true));
        d.as().get("/api/cdn/trash/").then().body("count", equalTo(1)).body("results[0].id", equalTo(l3));

        // The old parent is trashed in the meantime: l3 comes back at the root.
        d.as().delete("/api/cdn/folders/" + other + "/").then().statusCode(200);
        d.as().post("/api/cdn/trash/" + l3 + "/restore/").then().statusCode(200);
        d.as().get("/api/cdn/folders/" + l3 + "/")
                .then()
                .body("path", equalTo("/l3"))
                .body("is_trashed", equalTo(false));
        d.as().get("/api/cdn/folders/" + l6 + "/")
                .then()
                .body("path", equalTo("/l3/l4/l5/l6"))
                .body("is_trashed", equalTo(false));
        d.as().get("/api/cdn/files/" + file + "/")
                .then()
                .body("is_trashed", equalTo(false))
                .body("folder", equalTo(l6));
        d.as().get("/api/cdn/folders/" + l1 + "/").then().body("is_trashed", equalTo(false));
    }

    @Test
    void concurrentCreationOfOneNameMakesExactlyOne() throws Exception {
        Drive d = new Drive();
        String parent = d.folder("race", null);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Integer>> calls = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                calls.add(() -> d.createFolder("same", parent).statusCode());
            }
            List<Integer> codes = new ArrayList<>();
            for (Future<Integer> f : pool.invokeAll(calls)) {
                codes.add(f.get());
            }
            assertThat(codes).containsOnly(201, 409);
            assertThat(codes.stream().filter(c -> c == 201)).hasSize(1);
        } finally {
            pool.shutdown();
        }
        d.as().queryParam("parent", parent).get("/api/cdn/folders/").then().body("count", equalTo(1));
    }

    @Test
    void concurrentFirstUsesMakeOneRoot() throws Exception {
        Drive d = new Drive();
        ExecutorService pool = Executors.newFixedThreadPool(6);
        try {
            List<Callable<Response>> calls = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                calls.add(() -> d.as().get("/api/cdn/folders/root/"));
            }
            List<String> ids = new ArrayList<>();
            for (Future<Response> f : pool.invokeAll(calls)) {
                f.get().then().statusCode(200);
                ids.add(f.get().path("folder.id"));
            }
            assertThat(ids).containsOnly(ids.get(0));
        } finally {
            pool.shutdown();
        }
    }
}
