package dev.depot.files.rest;

import static io.restassured.RestAssured.given;

import dev.depot.testing.TestTokens;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.UUID;

/** One user's drive, driven through the public API with a token like auth-service's. */
final class Drive {

    final UUID user = UUID.randomUUID();
    final String token = TestTokens.forUser(user);

    RequestSpecification as() {
        return given().auth().oauth2(token).contentType(ContentType.JSON);
    }

    Response createFolder(String name, String parent) {
        Map<String, Object> body = new HashMap<>();
        body.put("name", name);
        body.put("parent", parent);
        return as().body(body).post("/api/cdn/folders/");
    }

    String folder(String name, String parent) {
        Response r = createFolder(name, parent);
        r.then().statusCode(201);
        return r.path("id");
    }

    Response register(String filename, String folderId, long size, String mimeType, String sha256) {
        Map<String, Object> body = new HashMap<>();
        body.put("filename", filename);
        body.put("file_size", size);
        body.put("mime_type", mimeType);
        body.put("sha256_hash", sha256);
        body.put(
                "cdn_url",
                "https://cdn.example.com/"
                        + java.net.URLEncoder.encode(filename, java.nio.charset.StandardCharsets.UTF_8));
        body.put("folder_id", folderId);
        return as().body(body).post("/api/cdn/files/upload/");
    }

    String file(String filename, String folderId) {
        Response r = register(filename, folderId, 1000, "application/pdf", randomSha());
        r.then().statusCode(201);
        return r.path("id");
    }

    static String randomSha() {
        byte[] b = new byte[32];
        new java.security.SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
