package dev.depot.analytics.rest;

import static dev.depot.analytics.Events.awaitGet;
import static dev.depot.analytics.Events.file;
import static dev.depot.analytics.Events.filePayload;
import static dev.depot.analytics.Events.now;
import static dev.depot.analytics.Events.send;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.depot.events.EventTypes;
import dev.depot.testing.TestTokens;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import java.net.URI;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Paging links lead where the client is, as the gateway saw it (X-Forwarded-Proto, -Host, -Prefix),
 * never to the address this service listens on behind it.
 */
@QuarkusTest
class PublicLinksTest {

    @TestHTTPResource("/")
    URI self;

    @Test
    void pagingLinksAreBuiltFromThePublicAddressTheGatewaySaw() {
        UUID user = UUID.randomUUID();
        for (int i = 0; i < 3; i++) {
            send(file(
                    EventTypes.FILE_UPLOADED,
                    filePayload(user, UUID.randomUUID(), "f" + i + ".txt", UUID.randomUUID(), 10, "documents"),
                    now().minusMinutes(3 - i)));
        }
        awaitGet(user, "/api/cdn/activity/", r -> r.<Integer>path("count") == 3);

        Response page = given().auth()
                .oauth2(TestTokens.forUser(user))
                .header("X-Forwarded-Proto", "https")
                .header("X-Forwarded-Host", "drive.example.test")
                .queryParam("page", 2)
                .queryParam("page_size", 1)
                .queryParam("action", "file.uploaded")
                .get("/api/cdn/activity/");
        assertThat(page.statusCode()).isEqualTo(200);
        URI next = URI.create(page.path("next"));
        assertThat(next.getScheme() + "://" + next.getAuthority() + next.getPath())
                .isEqualTo("https://drive.example.test/api/cdn/activity/");
        assertThat(next.getQuery().split("&"))
                .containsExactlyInAnyOrder("page=3", "page_size=1", "action=file.uploaded");
        assertThat(page.<String>path("previous"))
                .startsWith("https://drive.example.test/api/cdn/activity/?")
                .contains("page=1");

        // Mounted under a prefix by a proxy in front of the gateway.
        Response prefixed = given().auth()
                .oauth2(TestTokens.forUser(user))
                .header("X-Forwarded-Proto", "https")
                .header("X-Forwarded-Host", "drive.example.test:8443")
                .header("X-Forwarded-Prefix", "/depot/")
                .queryParam("page_size", 1)
                .get("/api/cdn/activity/");
        assertThat(prefixed.<String>path("next"))
                .isEqualTo("https://drive.example.test:8443/depot/api/cdn/activity/?page_size=1&page=2");
    }

    @Test
    void headersThatAreNotAHostOrAPrefixAreIgnored() {
        UUID user = UUID.randomUUID();
        for (int i = 0; i < 2; i++) {
            send(file(
                    EventTypes.FILE_UPLOADED,
                    filePayload(user, UUID.randomUUID(), "g" + i + ".txt", UUID.randomUUID(), 10, "documents"),
                    now().minusMinutes(2 - i)));
        }
        awaitGet(user, "/api/cdn/activity/", r -> r.<Integer>path("count") == 2);
        Response r = given().auth()
                .oauth2(TestTokens.forUser(user))
                .header("X-Forwarded-Proto", "javascript")
                .header("X-Forwarded-Host", "evil.example/steal?x=")
                .header("X-Forwarded-Prefix", "/../admin")
                .queryParam("page_size", 1)
                .get("/api/cdn/activity/");
        String next = r.path("next");
        // What the request itself used: this test's own address.
        assertThat(next).isEqualTo("http://" + self.getAuthority() + "/api/cdn/activity/?page_size=1&page=2");
    }
}
