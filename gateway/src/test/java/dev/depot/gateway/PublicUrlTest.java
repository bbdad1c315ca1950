package dev.depot.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** With depot.gateway.public-url set, services are told that address, whatever Host a client sends. */
@QuarkusTest
@TestProfile(PublicUrlTest.Fixed.class)
class PublicUrlTest {

    public static class Fixed implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("depot.gateway.public-url", "https://drive.example.test/depot/");
        }
    }

    @Test
    void servicesAreToldTheConfiguredPublicAddress() {
        given().header("Host", "attacker.example")
                .get("/api/cdn/files/echo")
                .then()
                .statusCode(200)
                .body("headers.x-forwarded-proto", equalTo("https"))
                .body("headers.x-forwarded-host", equalTo("drive.example.test"))
                .body("headers.x-forwarded-prefix", equalTo("/depot"))
                // Clients reach it over TLS, so browsers are told to keep to it.
                .header("Strict-Transport-Security", startsWith("max-age="));
    }
}
