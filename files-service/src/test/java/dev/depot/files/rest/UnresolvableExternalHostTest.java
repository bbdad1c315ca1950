package dev.depot.files.rest;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The upload proxy when the external host's name does not resolve (.invalid never does: RFC 2606). */
@QuarkusTest
@TestProfile(UnresolvableExternalHostTest.Unresolvable.class)
class UnresolvableExternalHostTest {

    public static class Unresolvable implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("depot.files.external-upload.url", "http://nonexistent.invalid/");
        }
    }

    @Test
    void aHostWhoseNameDoesNotResolveIs502InTheEnvelope() {
        Drive d = new Drive();
        given().auth()
                .oauth2(d.token)
                .multiPart("file", "shot.png", BytesTest.png(1000), "image/png")
                .post("/api/cdn/upload-0x0/")
                .then()
                .statusCode(502)
                .body("success", equalTo(false))
                .body("error", equalTo("BadGateway"))
                .body("message", containsString("does not resolve"));
    }
}
