package dev.depot.files.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;

import dev.depot.events.CloudEvent;
import dev.depot.events.EventCodec;
import dev.depot.events.Topics;
import dev.depot.events.payload.UserPayload;
import dev.depot.testing.TestKafka;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

@QuarkusTest
class FolderUploadTest {

    @Test
    void aFolderTreeIsUploadedInOneRequest() {
        Drive d = new Drive();
        String parent = d.folder("uploads", null);
        Response r = parts(d, "Album/a.png", "Album/2024/b.png", "Album/2024/notes.txt")
                .multiPart("parent_folder_id", parent)
                .post("/api/cdn/folders/upload/");
        r.then().statusCode(201).body("folder_name", equalTo("Album")).body("files_uploaded", equalTo(3));
        String album = r.path("folder_id");
        d.as().get("/api/cdn/folders/" + album + "/").then().body("path", equalTo("/uploads/Album"));
        d.as().get("/api/cdn/folders/" + album + "/contents/")
                .then()
                .body("folders[0].name", equalTo("2024"))
                .body("files.filename", hasItems("a.png"));
        d.as().queryParam("q", "notes")
                .get("/api/cdn/search/")
                .then()
                .body("results.files[0].folder_name", equalTo("2024"));
    }

    @Test
    void hostileRelativePathsAre400AndNothingIsCreated() {
        Drive d = new Drive();
        String[][] uploads = {
            {"Album/ok.png", "../escape.png"},
            {"/etc/abs.png"},
            {"Album//empty.png"},
            {"Album/./dot.png"},
            {"Album/sub/../up.png"},
            {"C:/windows.png"},
            {"Album/ok.png", "Other/x.png"},
            {"loose.png"}
        };
        for (String[] paths : uploads) {
            parts(d, paths)
                    .post("/api/cdn/folders/upload/")
                    .then()
                    .statusCode(400)
                    .body("success", equalTo(false));
        }
        d.as().get("/api/cdn/files/").then().body("count", equalTo(0));
        d.as().get("/api/cdn/folders/").then().body("count", equalTo(0));
    }

    @Test
    void anExistingTopFolderIs409AndNothingIsCreated() {
        Drive d = new Drive();
        d.folder("Album", null);
        parts(d, "Album/a.png", "Album/new/b.png")
                .post("/api/cdn/folders/upload/")
                .then()
                .statusCode(409);
        d.as().get("/api/cdn/files/").then().body("count", equalTo(0));
        d.as().get("/api/cdn/folders/").then().body("count", equalTo(1));
    }

    @Test
    void concurrentUploadsCannotOvershootTheQuota() throws Exception {
        Drive d = new Drive();
        TestKafka.send(
                Topics.INTERNAL_AUTH,
                d.user.toString(),
                EventCodec.write(CloudEvent.of(
                        "depot/auth-service",
                        "user.registered",
                        d.user.toString(),
                        d.user,
                        EventCodec.toData(new UserPayload(d.user, "q", "q@example.com", "password", 1000L)))));
        awaitQuota(d, 1000);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<Integer>> calls = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                int n = i;
                calls.add(() -> BytesTest.upload(d, "f" + n + ".png", BytesTest.png(300 + n), "image/png", null)
                        .statusCode());
            }
            List<Integer> codes = new ArrayList<>();
            for (Future<Integer> f : pool.invokeAll(calls)) {
                codes.add(f.get());
            }
            assertThat(codes).containsOnly(201, 413);
            assertThat(codes.stream().filter(c -> c == 201)).hasSize(3);
        } finally {
            pool.shutdown();
        }
        assertThat(d.as().get("/api/cdn/storage/").<Integer>path("total_used")).isLessThanOrEqualTo(1000);
    }

    private static RequestSpecification parts(Drive d, String... paths) {
        RequestSpecification spec = given().auth().oauth2(d.token);
        int i = 0;
        for (String path : paths) {
            spec = spec.multiPart(path, "f" + i, BytesTest.png(500 + i++), "application/octet-stream");
        }
        return spec;
    }

    private static void awaitQuota(Drive d, long quota) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(30);
        while (Instant.now().isBefore(deadline)) {
            if (((Number) d.as().get("/api/cdn/storage/").path("total_available")).longValue() == quota) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("quota never arrived");
    }
}
