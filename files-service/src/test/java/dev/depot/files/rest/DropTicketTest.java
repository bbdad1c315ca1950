package dev.depot.files.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.startsWith;

import dev.depot.events.CloudEvent;
import dev.depot.events.EventCodec;
import dev.depot.events.Topics;
import dev.depot.events.payload.UserPayload;
import dev.depot.files.Shares;
import dev.depot.testing.TestKafka;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** File drops: single-use tickets from the internal API, spent on the public /cdn/drop/{ticket}. */
@QuarkusTest
class DropTicketTest {

    static Response ticket(String folder, Long expiresIn) {
        Map<String, Object> body = new HashMap<>();
        body.put("folder_id", folder);
        body.put("share_id", UUID.randomUUID().toString());
        if (expiresIn != null) {
            body.put("expires_in_seconds", expiresIn);
        }
        return InternalApiTest.service().body(body).post("/internal/drop-tickets");
    }

    static String uploadUrl(String folder) {
        return ticket(folder, null).then().statusCode(201).extract().path("upload_url");
    }

    static Response drop(String url, String name, byte[] bytes) {
        return given().multiPart("file", name, bytes, "application/octet-stream")
                .post(url);
    }

    @Test
    void aTicketTakesOneFileOnceIntoTheOwnersFolder() {
        Drive owner = new Drive();
        String folder = owner.folder("inbox", null);
        Response issued = ticket(folder, null);
        issued.then().statusCode(201).body("upload_url", startsWith("/cdn/drop/"));
        String url = issued.path("upload_url");
        String ticket = url.substring("/cdn/drop/".length());
        assertThat(ticket).matches("[A-Za-z0-9_-]{43,}");
        OffsetDateTime expires = OffsetDateTime.parse(issued.path("expires_at"));
        assertThat(expires)
                .isBetween(
                        OffsetDateTime.now().plusMinutes(59),
                        OffsetDateTime.now().plusMinutes(61));

        byte[] bytes = BytesTest.png(3000);
        Response dropped = drop(url, "report.png", bytes);
        dropped.then()
                .statusCode(201)
                .body("success", equalTo(true))
                .body("file.filename", equalTo("report.png"))
                .body("file.file_size", equalTo(3000))
                .body("file.mime_type", equalTo("image/png"))
                .body("file", not(hasKey("owner_id")))
                .body("file", not(hasKey("folder")));
        String id = dropped.path("file.id");
        owner.as()
                .get("/api/cdn/files/" + id + "/")
                .then()
                .statusCode(200)
                .body("folder", equalTo(folder))
                .body("sha256", equalTo(BytesTest.sha256(bytes)));
        owner.as().get("/api/cdn/storage/").then().body("total_used", equalTo(3000));
        List<String> events =
                TestKafka.valuesWithKey(Topics.FILES, id, 1, Duration.ofSeconds(20), Duration.ofMillis(500));
        assertThat(events.stream().map(e -> EventCodec.read(e).type())).containsExactly("file.uploaded");

        drop(url, "again.png", BytesTest.png(3001)).then().statusCode(404).body("error", equalTo("ResourceNotFound"));
        owner.as().get("/api/cdn/folders/" + folder + "/contents/").then().body("files.size()", equalTo(1));
    }

    @Test
    void unknownAndExpiredTicketsAre404() throws InterruptedException {
        Drive owner = new Drive();
        String folder = owner.folder("inbox", null);
        drop("/cdn/drop/not-a-ticket", "x.png", BytesTest.png(100)).then().statusCode(404);
        String url = ticket(folder, 1L).then().statusCode(201).extract().path("upload_url");
        Thread.sleep(1500);
        drop(url, "late.png", BytesTest.png(101)).then().statusCode(404);
        owner.as().get("/api/cdn/folders/" + folder + "/contents/").then().body("files.size()", equalTo(0));
    }

    @Test
    void ticketsNeedALiveFolderAndASaneLifetime() {
        Drive owner = new Drive();
        String folder = owner.folder("inbox", null);
        ticket(UUID.randomUUID().toString(), null).then().statusCode(404);
        ticket(folder, 86_401L).then().statusCode(400).body("error", equalTo("ValidationError"));
        ticket(folder, 0L).then().statusCode(400);
        ticket(folder, 86_400L).then().statusCode(201);
        InternalApiTest.service()
                .body(Map.of())
                .post("/internal/drop-tickets")
                .then()
                .statusCode(400);

        String url = uploadUrl(folder);
        owner.as().delete("/api/cdn/folders/" + folder + "/").then().statusCode(200);
        ticket(folder, null).then().statusCode(404);
        drop(url, "into-trash.png", BytesTest.png(102)).then().statusCode(404);
        owner.as().post("/api/cdn/trash/" + folder + "/restore/").then().statusCode(200);
        // The failed drop gave the ticket back.
        drop(url, "restored.png", BytesTest.png(102)).then().statusCode(201);
    }

    @Test
    void aTakenNameGetsANumberAndNothingIsOverwritten() {
        Drive owner = new Drive();
        String folder = owner.folder("inbox", null);
        byte[] original = BytesTest.png(900);
        String first = SharedAccessTest.uploaded(owner, "photo.png", original, folder);

        // The same name, and even the same bytes, are kept beside the owner's file.
        drop(uploadUrl(folder), "photo.png", original)
                .then()
                .statusCode(201)
                .body("file.filename", equalTo("photo (2).png"));
        drop(uploadUrl(folder), "photo.png", BytesTest.png(901))
                .then()
                .statusCode(201)
                .body("file.filename", equalTo("photo (3).png"));
        drop(uploadUrl(folder), "../../notes", BytesTest.png(902))
                .then()
                .statusCode(201)
                .body("file.filename", equalTo("notes"));
        drop(uploadUrl(folder), "notes", BytesTest.png(903))
                .then()
                .statusCode(201)
                .body("file.filename", equalTo("notes (2)"));
        owner.as()
                .get("/api/cdn/files/" + first + "/")
                .then()
                .body("filename", equalTo("photo.png"))
                .body("file_size", equalTo(900));
        owner.as()
                .get("/api/cdn/folders/" + folder + "/contents/")
                .then()
                .body("files.size()", equalTo(5))
                .body("files.filename", hasItems("photo.png", "photo (2).png", "photo (3).png", "notes", "notes (2)"));
    }

    @Test
    void overTheOwnersQuotaIsRefusedAndTheTicketStaysUsable() {
        Drive owner = new Drive();
        TestKafka.send(
                Topics.INTERNAL_AUTH,
                owner.user.toString(),
                EventCodec.write(CloudEvent.of(
                        "depot/auth-service",
                        "user.registered",
                        owner.user.toString(),
                        owner.user,
                        EventCodec.toData(new UserPayload(owner.user, "o", "o@example.com", "password", 1000L)))));
        Shares.await(
                "quota learnt",
                () -> ((Number) owner.as().get("/api/cdn/storage/").path("total_available")).intValue(),
                1000);
        String folder = owner.folder("inbox", null);
        String url = uploadUrl(folder);

        drop(url, "big.png", BytesTest.png(1500))
                .then()
                .statusCode(413)
                .body("error", equalTo("PayloadTooLarge"))
                .body("message", not(org.hamcrest.Matchers.containsString("1000")));
        drop(url, "small.png", BytesTest.png(800)).then().statusCode(201);
        drop(url, "more.png", BytesTest.png(20)).then().statusCode(404);
        owner.as().get("/api/cdn/storage/").then().body("total_used", equalTo(800));
    }

    @Test
    void aDropWithoutAFileIs400AndKeepsTheTicket() {
        Drive owner = new Drive();
        String url = uploadUrl(owner.folder("inbox", null));
        given().multiPart("note", "hello").post(url).then().statusCode(400);
        drop(url, "a.png", BytesTest.png(104)).then().statusCode(201);
    }
}
