package dev.depot.files.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;

/** A {@link Drive} driven through the Arkive-compatible routes, and the shapes those routes answer. */
final class Arkive {

    static final String ISO_MILLIS = "\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z";
    static final Set<String> FILE_FIELDS = Set.of(
            "id",
            "name",
            "url",
            "thumbnailUrl",
            "size",
            "mimetype",
            "ownerId",
            "folderId",
            "starred",
            "trashed",
            "createdAt",
            "updatedAt");
    static final Set<String> FOLDER_FIELDS =
            Set.of("id", "name", "ownerId", "parentId", "starred", "trashed", "createdAt", "updatedAt");

    final Drive drive = new Drive();

    String owner() {
        return drive.user.toString();
    }

    RequestSpecification as() {
        return drive.as();
    }

    /** The document's upload: file, ownerId and (optional) folderId form fields. */
    Response upload(String name, String content, String folderId) {
        RequestSpecification spec = given().auth()
                .oauth2(drive.token)
                .multiPart("file", name, content.getBytes(StandardCharsets.UTF_8), "text/plain")
                .multiPart("ownerId", owner());
        if (folderId != null) {
            spec = spec.multiPart("folderId", folderId);
        }
        return spec.post("/api/files/upload");
    }

    String file(String name, String content, String folderId) {
        return upload(name, content, folderId).then().statusCode(201).extract().path("file.id");
    }

    Response createFolder(String name, String parentId) {
        StringBuilder body = new StringBuilder("{\"name\": \"" + name + "\", \"ownerId\": \"" + owner() + "\"");
        if (parentId != null) {
            body.append(", \"parentId\": \"").append(parentId).append('"');
        }
        return as().body(body.append('}').toString()).post("/api/folders/create");
    }

    String folder(String name, String parentId) {
        return createFolder(name, parentId).then().statusCode(201).extract().path("folder.id");
    }

    static RequestSpecification anonymous() {
        return given().contentType(ContentType.JSON);
    }

    /** Every documented file field, with its JSON type; nothing else. */
    static void assertFileShape(Map<String, Object> file) {
        assertThat(file.keySet()).containsExactlyInAnyOrderElementsOf(FILE_FIELDS);
        assertThat(file.get("id")).isInstanceOf(String.class);
        assertThat(file.get("name")).isInstanceOf(String.class);
        assertThat((String) file.get("url")).matches("https?://.+/cdn/.+\\?exp=\\d+&sig=.+");
        assertThat(file.get("size")).isInstanceOf(Number.class);
        assertThat(file.get("mimetype")).isInstanceOf(String.class);
        assertThat(file.get("ownerId")).isInstanceOf(String.class);
        assertThat(file.get("starred")).isInstanceOf(Boolean.class);
        assertThat(file.get("trashed")).isInstanceOf(Boolean.class);
        assertThat((String) file.get("createdAt")).matches(ISO_MILLIS);
        assertThat((String) file.get("updatedAt")).matches(ISO_MILLIS);
    }

    static void assertFolderShape(Map<String, Object> folder) {
        assertThat(folder.keySet()).containsExactlyInAnyOrderElementsOf(FOLDER_FIELDS);
        assertThat(folder.get("id")).isInstanceOf(String.class);
        assertThat(folder.get("name")).isInstanceOf(String.class);
        assertThat(folder.get("ownerId")).isInstanceOf(String.class);
        assertThat(folder.get("starred")).isInstanceOf(Boolean.class);
        assertThat(folder.get("trashed")).isInstanceOf(Boolean.class);
        assertThat((String) folder.get("createdAt")).matches(ISO_MILLIS);
        assertThat((String) folder.get("updatedAt")).matches(ISO_MILLIS);
    }

    /**
     * The error envelope: success false, the error name, the message (details only when there are any);
     * detail repeats the message, as every Depot error body does.
     */
    static void assertError(Response r, int status, String error, String messagePart) {
        r.then().statusCode(status);
        assertThat(r.<Boolean>path("success")).isFalse();
        assertThat(r.<String>path("error")).isEqualTo(error);
        assertThat(r.<String>path("message")).contains(messagePart);
        assertThat(r.<String>path("detail")).isEqualTo(r.<String>path("message"));
        assertThat(r.jsonPath().getMap("$").keySet()).isSubsetOf("success", "error", "message", "detail", "details");
    }
}
