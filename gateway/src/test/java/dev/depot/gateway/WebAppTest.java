package dev.depot.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.emptyString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.config.DecoderConfig;
import io.restassured.config.RestAssuredConfig;
import org.junit.jupiter.api.Test;

/** The web app at / (src/test/resources/web-fixture stands for web/dist). */
@QuarkusTest
class WebAppTest {

    /** No Accept-Encoding of RestAssured's own: each request says what it takes. */
    private static final RestAssuredConfig RAW = RestAssuredConfig.config()
            .decoderConfig(DecoderConfig.decoderConfig().noContentDecoders());

    @Test
    void theAppIsServedAtTheRootRevalidatedEachTimeUnderTheContentSecurityPolicy() {
        String etag = given().get("/")
                .then()
                .statusCode(200)
                .contentType(containsString("text/html"))
                .header("Cache-Control", "no-cache")
                .header("Content-Security-Policy", containsString("default-src 'self'"))
                .header("Content-Security-Policy", not(containsString("script-src"))) // scripts: 'self' only
                .header("X-Request-Id", not(emptyString()))
                .body(containsString("web app fixture"))
                .extract()
                .header("ETag");
        given().header("If-None-Match", etag).get("/").then().statusCode(304).body(emptyString());
        given().get("/index.html").then().statusCode(200).header("ETag", equalTo(etag));
    }

    @Test
    void hashedAssetsAreCachedForAYearAndSentGzippedToWhoeverTakesIt() {
        given().config(RAW)
                .header("Accept-Encoding", "gzip")
                .get("/assets/app-3f2a1b.js")
                .then()
                .statusCode(200)
                .contentType(containsString("text/javascript"))
                .header("Cache-Control", "public, max-age=31536000, immutable")
                .header("Content-Encoding", "gzip")
                .header("Vary", containsString("Accept-Encoding"));
        given().config(RAW)
                .header("Accept-Encoding", "identity")
                .get("/assets/app-3f2a1b.js")
                .then()
                .statusCode(200)
                .header("Content-Encoding", nullValue())
                .body(containsString("console.log(\"fixture\")"));
        given().head("/assets/app-3f2a1b.js").then().statusCode(200).body(emptyString());
    }

    @Test
    void theAppsOwnRoutesGetTheAppButMissingFilesAndTheApiDoNot() {
        given().get("/drive/5b0c7f3e-1111-4222-8333-944455556666")
                .then()
                .statusCode(200)
                .header("Cache-Control", "no-cache")
                .body(containsString("web app fixture"));
        given().get("/login").then().statusCode(200).body(containsString("web app fixture"));
        // A missing asset is a 404, never the app (a stale hashed file must not parse as HTML).
        given().get("/assets/app-gone.js").then().statusCode(404).body("success", equalTo(false));
        // The API's paths: the proxy's JSON answers, never index.html.
        given().get("/api/nothing-here")
                .then()
                .statusCode(404)
                .contentType(containsString("json"))
                .body("error", equalTo("ResourceNotFound"));
        given().get("/cdn/x").then().statusCode(not(200));
        given().get("/q/anything").then().statusCode(404).body(not(containsString("web app fixture")));
        given().get("/internal/files").then().statusCode(404).body(not(containsString("web app fixture")));
        given().get("/api/cdn/files/").then().body(not(containsString("web app fixture")));
        // Only reads: a POST to an app route is the proxy's business (404 in the envelope).
        given().post("/drive").then().statusCode(404).body("success", equalTo(false));
    }

    /** What Chromium sends when it navigates to a page. */
    private static final String BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

    @Test
    void aPublicLinksPageIsTheAppForABrowserNavigatingThere() {
        String etag = given().header("Accept", BROWSER_ACCEPT)
                .get("/s/Zm9vYmFyLXRva2Vu")
                .then()
                .statusCode(200)
                .contentType(containsString("text/html"))
                .header("Cache-Control", "no-cache")
                .header("Vary", containsString("Accept"))
                .header("Content-Security-Policy", containsString("default-src 'self'"))
                .body(containsString("web app fixture"))
                .extract()
                .header("ETag");
        given().header("Accept", BROWSER_ACCEPT)
                .get("/s/Zm9vYmFyLXRva2Vu/")
                .then()
                .statusCode(200)
                .body(containsString("web app fixture"));
        given().header("Accept", "text/html")
                .head("/s/Zm9vYmFyLXRva2Vu")
                .then()
                .statusCode(200)
                .body(emptyString());
        given().header("Accept", BROWSER_ACCEPT)
                .header("If-None-Match", etag)
                .get("/s/Zm9vYmFyLXRva2Vu")
                .then()
                .statusCode(304);
    }

    @Test
    void aPublicLinksPageIsProxiedForAnApiClient() {
        // sharing-service does not run in these tests: whatever the proxy answers, it is not the app.
        for (String accept : new String[] {"*/*", "application/json"}) {
            given().header("Accept", accept)
                    .get("/s/Zm9vYmFyLXRva2Vu/")
                    .then()
                    .statusCode(not(200))
                    .contentType(not(containsString("text/html")))
                    .body(not(containsString("web app fixture")));
        }
        // Only a browser's reads are the page: a POST is the service's, whatever it accepts.
        given().header("Accept", BROWSER_ACCEPT)
                .post("/s/Zm9vYmFyLXRva2Vu/uploads")
                .then()
                .body(not(containsString("web app fixture")));
        // A prefix matches whole segments: /sx is the app's own route, not a link page.
        given().get("/sx/abc").then().statusCode(200).body(containsString("web app fixture"));
    }
}
