package dev.depot.auth.rest;

import static dev.depot.auth.rest.AuthFixtures.PASSWORD;
import static dev.depot.auth.rest.AuthFixtures.register;
import static dev.depot.auth.rest.AuthFixtures.unique;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.notNullValue;

import dev.depot.auth.rest.AuthFixtures.Account;
import dev.depot.events.CloudEvent;
import dev.depot.events.EventCodec;
import dev.depot.events.Topics;
import dev.depot.testing.TestKafka;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class RegistrationTest {

    @Test
    void registeringAnswersTheUserAndASessionWithHttpOnlyCookies() {
        String username = unique("ada");
        given().contentType(ContentType.JSON)
                .body(Map.of("email", username + "@Example.com", "username", username, "password", PASSWORD))
                .post("/api/auth/register")
                .then()
                .statusCode(201)
                .body("user.username", equalTo(username))
                .body("user.storage_quota", equalTo(5368709120L))
                .body("token_type", equalTo("Bearer"))
                .body("expires_in", equalTo(900))
                .body("access_token", notNullValue())
                .header("Set-Cookie", containsString("HttpOnly"))
                .header("Set-Cookie", containsString("SameSite=Lax"));
    }

    @Test
    void aTakenEmailOrUsernameIs409WhateverItsCase() {
        Account a = register();
        given().contentType(ContentType.JSON)
                .body(Map.of("email", a.email().toUpperCase(), "username", unique("x"), "password", PASSWORD))
                .post("/api/auth/register")
                .then()
                .statusCode(409)
                .body("success", equalTo(false))
                .body("error", equalTo("Conflict"))
                .body("details", hasKey("email"));
        given().contentType(ContentType.JSON)
                .body(Map.of(
                        "email",
                        unique("x") + "@example.com",
                        "username",
                        a.username().toUpperCase(),
                        "password",
                        PASSWORD))
                .post("/api/auth/register")
                .then()
                .statusCode(409)
                .body("details", hasKey("username"));
    }

    @Test
    void invalidRegistrationsAre400InTheEnvelope() {
        given().contentType(ContentType.JSON)
                .body(Map.of("email", "not-an-email", "username", unique("u"), "password", PASSWORD))
                .post("/api/auth/register")
                .then()
                .statusCode(400)
                .body("error", equalTo("ValidationError"))
                .body("details", hasKey("email"));
        given().contentType(ContentType.JSON)
                .body(Map.of("email", unique("u") + "@example.com", "username", "a b", "password", PASSWORD))
                .post("/api/auth/register")
                .then()
                .statusCode(400)
                .body("details", hasKey("username"));
        given().contentType(ContentType.JSON)
                .body(Map.of("email", unique("u") + "@example.com", "username", unique("u"), "password", "short"))
                .post("/api/auth/register")
                .then()
                .statusCode(400)
                .body("details", hasKey("password"));
        given().contentType(ContentType.JSON)
                .body("{not json")
                .post("/api/auth/register")
                .then()
                .statusCode(400)
                .body("error", equalTo("ValidationError"));
        given().contentType(ContentType.JSON)
                .post("/api/auth/register")
                .then()
                .statusCode(400)
                .body("success", equalTo(false));
        // A field given twice: which one counts is not for the server to guess (and once was a 500).
        String name = unique("u");
        for (String second : List.of("\"" + PASSWORD + "x\"", "12", "{\"a\": 1}", "null")) {
            given().contentType(ContentType.JSON)
                    .body("{\"email\": \"" + name + "@example.com\", \"username\": \"" + name + "\", \"password\": \""
                            + PASSWORD + "\", \"password\": " + second + "}")
                    .post("/api/auth/register")
                    .then()
                    .statusCode(400)
                    .body("error", equalTo("ValidationError"))
                    .body("details.password", equalTo("is given twice"));
        }
    }

    @Test
    void aPasswordContainingTheUsernameIsRefused() {
        String username = unique("grace");
        given().contentType(ContentType.JSON)
                .body(Map.of(
                        "email",
                        unique("g") + "@example.com",
                        "username",
                        username,
                        "password",
                        "my-" + username + "-password"))
                .post("/api/auth/register")
                .then()
                .statusCode(400)
                .body("message", containsString("username"));
    }

    @Test
    void registrationPublishesUserRegisteredOnceThroughTheOutbox() {
        Account a = register();
        List<String> values =
                TestKafka.valuesWithKey(Topics.AUTH, a.id(), 1, Duration.ofSeconds(20), Duration.ofSeconds(1));
        List<CloudEvent> registered = values.stream()
                .map(EventCodec::read)
                .filter(e -> e.type().equals("user.registered"))
                .toList();
        assertThat(registered).hasSize(1);
        assertThat(registered.get(0).userid()).isEqualTo(a.id());
        assertThat(registered.get(0).data().get("username").asText()).isEqualTo(a.username());
    }

    @Test
    void theEmailAndTheClientTravelOnlyOnTheInternalTopic() {
        Account a = register();
        CloudEvent internal = registeredOn(Topics.INTERNAL_AUTH, a);
        CloudEvent published = registeredOn(Topics.AUTH, a);
        assertThat(published.id()).isEqualTo(internal.id());
        assertThat(internal.data().get("email").asText()).endsWith("@example.com");
        assertThat(internal.clientip()).isNotBlank();
        assertThat(published.data().has("email")).isFalse();
        assertThat(published.clientip()).isNull();
        assertThat(published.useragent()).isNull();
        assertThat(published.data().get("username").asText()).isEqualTo(a.username());
    }

    private static CloudEvent registeredOn(String topic, Account a) {
        return TestKafka.valuesWithKey(topic, a.id(), 1, Duration.ofSeconds(20), Duration.ofSeconds(1)).stream()
                .map(EventCodec::read)
                .filter(e -> e.type().equals("user.registered"))
                .findFirst()
                .orElseThrow();
    }
}
