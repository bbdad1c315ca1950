package dev.depot.files.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

/** New content for a file keeps the old as a numbered version, counted against the quota, restorable. */
@QuarkusTest
class VersionsTest {

    @Test
    void overwritingKeepsTheOldContentAsAVersion() {
        Drive d = new Drive();
        byte[] v1 = BytesTest.png(1000);
        byte[] v2 = BytesTest.png(2000);
        String id = BytesTest.upload(d, "doc.png", v1, "image/png", null)
                .then()
                .statusCode(201)
                .extract()
                .path("file.id");
        BytesTest.upload(d, "doc.png", v2, "image/png", null).then().statusCode(409);
        given().auth()
                .oauth2(d.token)
                .multiPart("file", "doc.png", v2, "image/png")
                .post("/api/cdn/files/upload/?overwrite=true")
                .then()
                .statusCode(200)
                .body("file.id", equalTo(id))
                .body("file.file_size", equalTo(2000));

        d.as().get("/api/cdn/files/" + id + "/versions/")
                .then()
                .statusCode(200)
                .body("versions.version", contains(2, 1))
                .body("versions.is_current", contains(true, false))
                .body("versions[1].sha256", equalTo(BytesTest.sha256(v1)));
        d.as().get("/api/cdn/storage/").then().body("total_used", equalTo(3000)).body("versions_size", equalTo(1000));
        assertThat(content(d, id)).isEqualTo(v2);

        d.as().post("/api/cdn/files/" + id + "/versions/1/restore/")
                .then()
                .statusCode(200)
                .body("file.file_size", equalTo(1000));
        assertThat(content(d, id)).isEqualTo(v1);
        d.as().get("/api/cdn/files/" + id + "/versions/").then().body("versions.version", contains(3, 2, 1));
    }

    @Test
    void putContentMakesANewVersionAndUnknownVersionsAre404() {
        Drive d = new Drive();
        String id = BytesTest.upload(d, "a.png", BytesTest.png(500), "image/png", null)
                .then()
                .statusCode(201)
                .extract()
                .path("file.id");
        given().auth()
                .oauth2(d.token)
                .multiPart("file", "whatever.png", BytesTest.png(600), "image/png")
                .put("/api/cdn/files/" + id + "/content")
                .then()
                .statusCode(200)
                .body("file.filename", equalTo("a.png"));
        d.as().post("/api/cdn/files/" + id + "/versions/9/restore/").then().statusCode(404);
        given().auth()
                .oauth2(new Drive().token)
                .get("/api/cdn/files/" + id + "/versions/")
                .then()
                .statusCode(404);
        given().auth()
                .oauth2(new Drive().token)
                .multiPart("file", "x.png", BytesTest.png(700), "image/png")
                .put("/api/cdn/files/" + id + "/content")
                .then()
                .statusCode(404);
    }

    private static byte[] content(Drive d, String id) {
        Response r = given().auth().oauth2(d.token).get("/api/cdn/files/" + id + "/content");
        r.then().statusCode(200);
        return r.asByteArray();
    }
}
