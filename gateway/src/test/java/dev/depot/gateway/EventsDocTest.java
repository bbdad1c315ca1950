package dev.depot.gateway;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.emptyString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.config.DecoderConfig;
import io.restassured.config.RestAssuredConfig;
import org.junit.jupiter.api.Test;

/** The AsyncAPI document of Depot's Kafka events, served by the gateway itself to anyone. */
@QuarkusTest
class EventsDocTest {

    @Test
    void theEventContractIsServedAsAsyncApi3WithoutSigningIn() {
        String etag = given().get("/api/events/asyncapi.json")
                .then()
                .statusCode(200)
                .contentType(containsString("application/json"))
                .header("ETag", notNullValue())
                .header("Cache-Control", containsString("no-cache"))
                .body("asyncapi", equalTo("3.0.0"))
                .body("channels.'depot-files'.address", equalTo("depot.files"))
                .body(
                        "channels.'depot-files'.messages.'file.uploaded.v1'.'$ref'",
                        equalTo("#/components/messages/file.uploaded.v1"))
                .body("components.messages.'file.uploaded.v1'.name", equalTo("file.uploaded"))
                .body("channels.'depot-internal-files'.'x-depot-visibility'", equalTo("internal"))
                .header("Vary", containsString("Accept-Encoding"))
                .extract()
                .header("ETag");
        given().header("Accept-Encoding", "gzip")
                .get("/api/events/asyncapi.json")
                .then()
                .statusCode(200)
                .header("Content-Encoding", "gzip")
                .header("ETag", equalTo(etag))
                .body("info.title", equalTo("Depot events"));
        // A client that takes no compression gets the document as it is.
        given().config(RestAssuredConfig.config()
                        .decoderConfig(DecoderConfig.decoderConfig().noContentDecoders()))
                .get("/api/events/asyncapi.json")
                .then()
                .statusCode(200)
                .header("Content-Encoding", nullValue())
                .body("asyncapi", equalTo("3.0.0"));

        given().header("If-None-Match", etag)
                .get("/api/events/asyncapi.json")
                .then()
                .statusCode(304)
                .body(emptyString());
        given().get("/api").then().statusCode(200).body("events", equalTo("/api/events/asyncapi.json"));
        given().get("/api/events/nothing.json").then().statusCode(404);
    }
}
