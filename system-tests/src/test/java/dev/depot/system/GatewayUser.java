package dev.depot.system;

import static dev.depot.system.Eventually.eventually;
import static io.restassured.RestAssured.given;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.util.Map;
import java.util.UUID;

/** A user signed up through a suite's gateway, and the calls the sharing tests make as them. */
record GatewayUser(String gateway, String id, String name, String token) {

    /** A new account whose name starts with {@code prefix}, so a failing test's users are easy to tell apart. */
    static GatewayUser register(String gateway, String prefix) {
        String name = prefix + UUID.randomUUID().toString().substring(0, 8);
        Response r = given().baseUri(gateway)
                .contentType(ContentType.JSON)
                .body(Map.of("email", name + "@example.com", "username", name, "password", "a long enough passphrase"))
                .post("/api/auth/register");
        r.then().statusCode(201);
        return new GatewayUser(gateway, r.path("user.id"), name, r.path("access_token"));
    }

    RequestSpecification api() {
        return given().baseUri(gateway).auth().oauth2(token).contentType(ContentType.JSON);
    }

    String email() {
        return name + "@example.com";
    }

    /** Creates a share, waiting for what arrives by event first (the grantee's name, the sharer's grant). */
    Response share(Map<String, Object> body) {
        Response[] last = new Response[1];
        eventually(() -> {
            last[0] = api().body(body).post("/api/cdn/shares/");
            last[0].then().statusCode(201);
        });
        return last[0];
    }
}
