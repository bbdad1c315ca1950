package dev.depot.gateway;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * What the gateway shows about itself: health and metrics only on its management port (loopback),
 * and metrics labelled by route, never by a path that carries someone's token or ids.
 */
@QuarkusTest
class ExposureTest {

    @TestHTTPResource(value = "health/ready", management = true)
    URI ready;

    @TestHTTPResource(value = "metrics", management = true)
    URI metrics;

    @Test
    void healthAndMetricsAreNotOnThePublicPort() {
        for (String path : new String[] {"/q/metrics", "/q/health", "/q/health/ready", "/q/openapi"}) {
            given().get(path)
                    .then()
                    .statusCode(404)
                    .body("success", equalTo(false))
                    .body("error", equalTo("ResourceNotFound"));
        }
        given().get(ready).then().statusCode(200).body("status", equalTo("UP"));
        assertThat(ready.getHost()).isEqualTo("127.0.0.1");
    }

    @Test
    void metricsNameRoutesNeverRawPaths() {
        String token = "SECRET" + UUID.randomUUID().toString().replace("-", "");
        String id = UUID.randomUUID().toString();
        given().get("/api/cdn/shares/public/" + token + "/").then().statusCode(503);
        given().get("/api/cdn/files/" + id + "/echo").then().statusCode(200);
        given().urlEncodingEnabled(false)
                .get("/cdn/t/" + token + "/file.bin?sig=" + token)
                .then()
                .statusCode(404);
        given().get("/api/cdn/nothing/" + id).then().statusCode(404);
        String scraped = given().get(metrics).then().statusCode(200).extract().asString();
        assertThat(scraped)
                .contains("http_server_requests_seconds_count")
                .contains("uri=\"/api/cdn/shares/**\"")
                .contains("uri=\"/api/cdn/files/**\"")
                .doesNotContain(token)
                .doesNotContain(id);
    }
}
