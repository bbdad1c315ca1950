package dev.depot.files.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import java.net.URI;
import java.net.http.HttpResponse;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Names from hostile clients, through every route a name enters by: explicit names (create, rename,
 * register, Arkive) with NUL, controls, bidirectional overrides or over 255 UTF-8 bytes are a 400
 * saying why; client filenames of uploads are cleaned instead; whatever is stored is NFC, and nothing
 * is ever a 500 or stores half of anything.
 */
@QuarkusTest
class HostileNamesTest {

    static final String RLO = "\u202e";

    @TestHTTPResource("/")
    URI base;

    @Test
    void explicitFolderNamesWithControlsBidiOrOver255BytesAre400SayingWhy() {
        Drive d = new Drive();
        Map<String, String> refused = new java.util.LinkedHashMap<>();
        refused.put("a\u0000b", "U+0000");
        refused.put("tab\there", "U+0009");
        refused.put("del\u007f", "U+007F");
        refused.put("c1\u0085x", "U+0085");
        refused.put("evil" + RLO + "gpj.exe", "U+202E");
        refused.put("left\u202aright", "U+202A");
        refused.put("iso\u2066late", "U+2066");
        refused.put("pop\u2069", "U+2069");
        refused.put("é".repeat(128), "255 bytes");
        refused.forEach((name, why) -> d.createFolder(name, null)
                .then()
                .statusCode(400)
                .body("success", equalTo(false))
                .body("error", equalTo("ValidationError"))
                .body("message", containsString(why))
                .body("details", hasKey("name")));
        // Half a surrogate pair, as JSON may spell it.
        d.as().body("{\"name\": \"broken\\ud800half\"}")
                .post("/api/cdn/folders/")
                .then()
                .statusCode(400)
                .body("message", containsString("Unicode"))
                .body("details", hasKey("name"));
        // 85 three-byte characters: exactly 255 bytes.
        d.createFolder("€".repeat(85), null).then().statusCode(201).body("name", equalTo("€".repeat(85)));
        d.as().get("/api/cdn/folders/").then().statusCode(200).body("count", equalTo(1));
    }

    @Test
    void renamesRegistrationsAndArkiveRoutesRefuseTheSameNames() {
        Drive d = new Drive();
        String folder = d.folder("plain", null);
        String file = d.file("plain.pdf", null);
        d.as().body(Map.of("name", "evil" + RLO + "fdp.exe"))
                .patch("/api/cdn/folders/" + folder + "/")
                .then()
                .statusCode(400)
                .body("details", hasKey("name"));
        d.as().body(Map.of("filename", "nul\u0000.pdf"))
                .put("/api/cdn/files/" + file + "/")
                .then()
                .statusCode(400)
                .body("details", hasKey("filename"))
                .body("message", containsString("U+0000"));
        d.as().body(Map.of("name", "x\u2067.pdf"))
                .patch("/api/cdn/files/" + file + "/")
                .then()
                .statusCode(400)
                .body("details", hasKey("filename"));
        d.register("evil" + RLO + "fdp.exe", null, 10, "application/pdf", Drive.randomSha())
                .then()
                .statusCode(400)
                .body("details", hasKey("filename"));
        Map<String, Object> body = new HashMap<>();
        body.put("filename", "fine.pdf");
        body.put("original_filename", "orig\u0000inal.pdf");
        body.put("file_size", 10);
        body.put("mime_type", "application/pdf");
        d.as().body(body)
                .post("/api/cdn/files/upload/")
                .then()
                .statusCode(400)
                .body("details", hasKey("original_filename"));

        d.as().body(Map.of("name", "evil" + RLO + "gpj.exe"))
                .post("/api/folders/create")
                .then()
                .statusCode(400)
                .body("details", hasKey("name"));
        d.as().body(Map.of("name", "a\u0000b"))
                .patch("/api/folders/" + folder + "/update")
                .then()
                .statusCode(400)
                .body("details", hasKey("name"));
        d.as().body(Map.of("name", "a\u0000b.pdf"))
                .patch("/api/files/" + file + "/update")
                .then()
                .statusCode(400)
                .body("details", hasKey("filename"));

        d.as().get("/api/cdn/folders/" + folder + "/").then().body("name", equalTo("plain"));
        d.as().get("/api/cdn/files/" + file + "/").then().body("filename", equalTo("plain.pdf"));
        d.as().get("/api/cdn/files/").then().body("count", equalTo(1));
    }

    @Test
    void namesAreStoredAndComparedInNfc() throws Exception {
        Drive d = new Drive();
        String decomposed = "Cafe\u0301";
        d.createFolder(decomposed, null).then().statusCode(201).body("name", equalTo("Caf\u00e9"));
        // The composed spelling is the same name.
        d.createFolder("Caf\u00e9", null).then().statusCode(409);
        String file = d.file("re\u0301sume\u0301.pdf", null);
        d.as().get("/api/cdn/files/" + file + "/").then().body("filename", equalTo("r\u00e9sum\u00e9.pdf"));
        d.as().body(Map.of("name", "na\u0308ive.pdf"))
                .patch("/api/cdn/files/" + file + "/")
                .then()
                .statusCode(200)
                .body("filename", equalTo("n\u00e4ive.pdf"));

        HttpResponse<String> up = RawMultipart.post(
                base,
                "/api/cdn/files/upload/",
                d.token,
                RawMultipart.type(),
                new RawMultipart()
                        .file("file", "pin\u0303ata.png", BytesTest.png(700))
                        .end());
        assertThat(up.statusCode()).as(up.body()).isEqualTo(201);
        assertThat(JsonPath.from(up.body()).getString("file.filename")).isEqualTo("pi\u00f1ata.png");
        assertThat(JsonPath.from(up.body()).getString("file.original_filename")).isEqualTo("pi\u00f1ata.png");
        d.as().queryParam("search", "pin\u0303").get("/api/cdn/files/").then().body("count", equalTo(1));
    }

    @Test
    void uploadFilenamesLoseControlsAndBidiOverridesAndNeverFailTheUpload() {
        Drive d = new Drive();
        Map<String, String> cleaned = Map.of(
                "re\u0000port.png",
                "report.png",
                "evil" + RLO + "gpj.exe",
                "evilgpj.exe",
                "tab\tand\u0085c1.png",
                "tabandc1.png");
        int i = 0;
        long used = 0;
        for (Map.Entry<String, String> e : cleaned.entrySet()) {
            byte[] bytes = BytesTest.png(800 + i++);
            HttpResponse<String> r = RawMultipart.post(
                    base,
                    "/api/cdn/files/upload/",
                    d.token,
                    RawMultipart.type(),
                    new RawMultipart().file("file", e.getKey(), bytes).end());
            assertThat(r.statusCode()).as(e.getKey() + ": " + r.body()).isEqualTo(201);
            JsonPath json = JsonPath.from(r.body());
            assertThat(json.getString("file.filename")).isEqualTo(e.getValue());
            assertThat(json.getString("file.original_filename")).isEqualTo(e.getValue());
            used += bytes.length;
        }
        // Overwrite looks the cleaned name up, and the Arkive upload cleans it too.
        byte[] again = BytesTest.png(900);
        HttpResponse<String> overwrite = RawMultipart.post(
                base,
                "/api/cdn/files/upload/?overwrite=true",
                d.token,
                RawMultipart.type(),
                new RawMultipart().file("file", "re\u0000port.png", again).end());
        assertThat(overwrite.statusCode()).as(overwrite.body()).isEqualTo(200);
        assertThat(JsonPath.from(overwrite.body()).getString("file.filename")).isEqualTo("report.png");
        HttpResponse<String> arkive = RawMultipart.post(
                base,
                "/api/files/upload",
                d.token,
                RawMultipart.type(),
                new RawMultipart()
                        .file("file", "ark\u0000ive" + RLO + ".png", BytesTest.png(901))
                        .end());
        assertThat(arkive.statusCode()).as(arkive.body()).isEqualTo(201);
        assertThat(JsonPath.from(arkive.body()).getString("file.name")).isEqualTo("arkive.png");
        d.as().get("/api/cdn/files/").then().body("count", equalTo(4));
    }

    @Test
    void folderUploadPathsWithControlsOrBidiAre400AndStoreNothing() {
        Drive d = new Drive();
        for (String path : List.of("Album/a\u0000.png", "Album/evil" + RLO + "gnp.exe", "Al\u2066bum/a.png")) {
            HttpResponse<String> r = RawMultipart.post(
                    base,
                    "/api/cdn/folders/upload/",
                    d.token,
                    RawMultipart.type(),
                    new RawMultipart()
                            .file("Album/fine.png", "f", BytesTest.png(600))
                            .file(path, "g", BytesTest.png(601))
                            .end());
            assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(400);
            assertThat(JsonPath.from(r.body()).getMap("details")).containsKey("path");
        }
        d.as().get("/api/cdn/folders/").then().body("count", equalTo(0));
        d.as().get("/api/cdn/storage/").then().body("total_used", equalTo(0));
    }

    @Test
    void tusRefusesHostileNamesAtCreationAndStoresCleanOnesInNfc() {
        Drive d = new Drive();
        for (String name : List.of("a\u0000b.png", "evil" + RLO + "gnp.exe", "x".repeat(256))) {
            tusCreate(d, 10, name)
                    .then()
                    .statusCode(400)
                    .body("error", equalTo("ValidationError"))
                    .body("details", hasKey("filename"));
        }
        byte[] bytes = BytesTest.png(1200);
        String location = tusCreate(d, bytes.length, "se\u0301ance.png")
                .then()
                .statusCode(201)
                .extract()
                .header("Location");
        Response done = given().auth()
                .oauth2(d.token)
                .header("Tus-Resumable", "1.0.0")
                .header("Upload-Offset", 0)
                .contentType("application/offset+octet-stream")
                .body(bytes)
                .patch(URI.create(location).getPath());
        done.then().statusCode(204);
        d.as().get("/api/cdn/files/" + done.header("Depot-File-Id") + "/")
                .then()
                .statusCode(200)
                .body("filename", equalTo("s\u00e9ance.png"));
    }

    @Test
    void aDropWithANulInItsNameIsStoredCleanAndARefusedDropKeepsItsTicket() {
        Drive owner = new Drive();
        String folder = owner.folder("inbox", null);
        String url = DropTicketTest.uploadUrl(folder);
        HttpResponse<String> dropped = RawMultipart.post(
                base,
                url,
                null,
                RawMultipart.type(),
                new RawMultipart()
                        .file("file", "in\u0000voice" + RLO + ".png", BytesTest.png(1300))
                        .end());
        assertThat(dropped.statusCode()).as(dropped.body()).isEqualTo(201);
        assertThat(JsonPath.from(dropped.body()).getString("file.filename")).isEqualTo("invoice.png");

        String second = DropTicketTest.uploadUrl(folder);
        HttpResponse<String> broken = RawMultipart.post(
                base,
                second,
                null,
                RawMultipart.type(),
                "--depot-test-boundary\r\nContent-Disposition: form-data; name=\"file\"; filename=\"x.png\"\r\n\r\nabc"
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThat(broken.statusCode()).as(broken.body()).isEqualTo(400);
        // Nothing was spent: the same ticket still takes one file.
        DropTicketTest.drop(second, "later.png", BytesTest.png(1301)).then().statusCode(201);
        owner.as().get("/api/cdn/storage/").then().body("total_used", equalTo(1300 + 1301));
    }

    static Response tusCreate(Drive d, long length, String filename) {
        return given().auth()
                .oauth2(d.token)
                .header("Tus-Resumable", "1.0.0")
                .header("Upload-Length", length)
                .header(
                        "Upload-Metadata",
                        "filename "
                                + Base64.getEncoder()
                                        .encodeToString(filename.getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .post("/api/cdn/uploads/");
    }
}
