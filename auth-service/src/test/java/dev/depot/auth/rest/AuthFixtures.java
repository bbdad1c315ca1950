package dev.depot.auth.rest;

import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.Map;
import java.util.UUID;

/** Accounts made through the public API, each with unique names so tests never collide. */
final class AuthFixtures {

    static final String PASSWORD = "a long enough passphrase";

    private AuthFixtures() {}

    record Account(
            String email, String username, String password, String accessToken, String refreshToken, String id) {}

    static String unique(String prefix) {
        return prefix + UUID.randomUUID().toString().substring(0, 8);
    }

    static Account register() {
        String username = unique("u");
        Response r = given().contentType(ContentType.JSON)
                .body(Map.of("email", username + "@example.com", "username", username, "password", PASSWORD))
                .post("/api/auth/register");
        r.then().statusCode(201);
        return new Account(
                username + "@example.com",
                username,
                PASSWORD,
                r.path("access_token"),
                r.path("refresh_token"),
                r.path("user.id"));
    }

    static Response login(String login, String password) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("login", login, "password", password))
                .post("/api/auth/login");
    }

    static Response refresh(String refreshToken) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("refresh_token", refreshToken))
                .post("/api/auth/refresh");
    }

    /** A sign-in as it comes through the gateway from one client address. */
    static Response loginFrom(String address, String login, String password) {
        return given().header("X-Forwarded-For", address)
                .contentType(ContentType.JSON)
                .body(Map.of("login", login, "password", password))
                .post("/api/auth/login");
    }

    /** A client address of the benchmarking range (198.18.0.0/15) picked at random, so tests never share one. */
    static String someAddress() {
        java.util.concurrent.ThreadLocalRandom r = java.util.concurrent.ThreadLocalRandom.current();
        return "198." + (18 + r.nextInt(2)) + "." + r.nextInt(256) + "." + (1 + r.nextInt(254));
    }

    /** The claims of a JWT, read without checking it (the service under test signed it). */
    static io.vertx.core.json.JsonObject claims(String jwt) {
        String payload = jwt.split("\\.")[1];
        return new io.vertx.core.json.JsonObject(
                new String(java.util.Base64.getUrlDecoder().decode(payload), java.nio.charset.StandardCharsets.UTF_8));
    }
}
