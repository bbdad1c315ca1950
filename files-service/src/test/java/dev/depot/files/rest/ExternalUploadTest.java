package dev.depot.files.rest;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The upload proxy (POST /api/cdn/upload-0x0/), against a local HTTP server standing in for 0x0.st. */
@QuarkusTest
@QuarkusTestResource(FakeExternalHost.class)
class ExternalUploadTest {

    @AfterEach
    void reset() {
        FakeExternalHost.MODE.set(FakeExternalHost.Mode.OK);
    }

    @Test
    void theFileIsStreamedWithTheUserAgentAndTheAnswerPassedThrough() {
        Drive d = new Drive();
        byte[] bytes = BytesTest.png(100_000);
        Response r = upload(d, bytes);
        r.then().statusCode(200).header("Content-Type", "text/plain");
        assertThat(r.asString()).isEqualTo("https://0x0.st/Xy.png\n");
        assertThat(FakeExternalHost.LAST_USER_AGENT.get()).isEqualTo("FriendlyUploader");
        assertThat(FakeExternalHost.LAST_BODY_START.get()).contains("name=\"file\"; filename=\"shot.png\"");
        assertThat(FakeExternalHost.LAST_BODY_SIZE.get()).isGreaterThan(bytes.length);
    }

    @Test
    void aHostThatFailsTwiceThenSucceedsIsRetried() {
        Drive d = new Drive();
        FakeExternalHost.MODE.set(FakeExternalHost.Mode.FLAKY);
        FakeExternalHost.FAILURES_LEFT.set(2);
        int before = FakeExternalHost.REQUESTS.get();
        upload(d, BytesTest.png(1000)).then().statusCode(200);
        assertThat(FakeExternalHost.REQUESTS.get() - before).isEqualTo(3);
    }

    @Test
    void aHostThatKeepsFailingIs502() {
        Drive d = new Drive();
        FakeExternalHost.MODE.set(FakeExternalHost.Mode.FLAKY);
        FakeExternalHost.FAILURES_LEFT.set(10);
        upload(d, BytesTest.png(1000)).then().statusCode(502).body("error", equalTo("BadGateway"));
    }

    @Test
    void aSlowHostIs504AfterThreeAttempts() {
        Drive d = new Drive();
        FakeExternalHost.MODE.set(FakeExternalHost.Mode.SLOW);
        int before = FakeExternalHost.REQUESTS.get();
        upload(d, BytesTest.png(1000)).then().statusCode(504).body("error", equalTo("GatewayTimeout"));
        assertThat(FakeExternalHost.REQUESTS.get() - before).isEqualTo(3);
    }

    @Test
    void aHostThatRefusesConnectionsIs503() throws Exception {
        Drive d = new Drive();
        FakeExternalHost.stopListening();
        try {
            upload(d, BytesTest.png(1000)).then().statusCode(503).body("error", equalTo("ServiceUnavailable"));
        } finally {
            FakeExternalHost.listenAgain();
        }
    }

    @Test
    void noFileIs400AndTooLargeIs413() {
        Drive d = new Drive();
        given().auth()
                .oauth2(d.token)
                .multiPart("other", "x")
                .post("/api/cdn/upload-0x0/")
                .then()
                .statusCode(400)
                .body("message", equalTo("No file provided"));
        given().auth()
                .oauth2(d.token)
                .multiPart("file", "big.bin", new byte[4 * 1024 * 1024 + 1])
                .post("/api/cdn/upload-0x0/")
                .then()
                .statusCode(413);
        given().multiPart("file", "x.bin", new byte[10])
                .post("/api/cdn/upload-0x0/")
                .then()
                .statusCode(401);
    }

    private static Response upload(Drive d, byte[] bytes) {
        return given().auth()
                .oauth2(d.token)
                .multiPart("file", "shot.png", bytes, "image/png")
                .post("/api/cdn/upload-0x0/");
    }
}
