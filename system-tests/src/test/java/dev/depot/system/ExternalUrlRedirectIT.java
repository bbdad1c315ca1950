package dev.depot.system;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import io.restassured.response.Response;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A file registered with a client's {@code cdn_url} and shared publicly must not turn Depot's origin
 * into a redirector to whatever that URL names: with no external host allowed (the default), the
 * public link answers the URL as JSON, open or protected alike, and never with a Location.
 */
@ExtendWith(SharedSuite.class)
class ExternalUrlRedirectIT {

    private static String gateway;

    @BeforeAll
    static void start() {
        gateway = SharedSuite.suite().url("gateway");
    }

    @Test
    void aPublicLinkToARegisteredPhishingUrlAnswersJsonNotARedirect() {
        GatewayUser alice = GatewayUser.register(gateway, "ext");
        Map<String, Object> body = new HashMap<>();
        body.put("filename", "invoice.pdf");
        body.put("file_size", 1000);
        body.put("mime_type", "application/pdf");
        body.put("cdn_url", "https://evil.example/phish");
        String fileId = alice.api()
                .body(body)
                .post("/api/cdn/files/upload/")
                .then()
                .statusCode(201)
                .extract()
                .path("id");

        String open = alice.share(Map.of("resource_type", "file", "resource_id", fileId))
                .path("public_token");
        String limited = alice.share(Map.of("resource_type", "file", "resource_id", fileId, "download_limit", 2))
                .path("public_token");
        for (String token : new String[] {open, limited}) {
            Response r = given().baseUri(gateway)
                    .redirects()
                    .follow(false)
                    .get("/api/cdn/shares/public/" + token + "/files/" + fileId + "/download/");
            r.then()
                    .statusCode(200)
                    .header("Location", nullValue())
                    .body("success", equalTo(true))
                    .body("url", equalTo("https://evil.example/phish"))
                    .body("external", equalTo(true))
                    .body("filename", equalTo("invoice.pdf"));
        }
    }
}
