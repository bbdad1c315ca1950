package dev.depot.auth.rest;

import static dev.depot.auth.rest.AuthFixtures.login;
import static dev.depot.auth.rest.AuthFixtures.refresh;
import static dev.depot.auth.rest.AuthFixtures.register;
import static dev.depot.auth.rest.AuthFixtures.unique;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.notNullValue;

import dev.depot.auth.rest.AuthFixtures.Account;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class SessionTest {

    @Test
    void loginWorksWithEmailOrUsernameInAnyCase() {
        Account a = register();
        login(a.username().toUpperCase(), a.password())
                .then()
                .statusCode(200)
                .body("user.id", equalTo(a.id()))
                .body("access_token", notNullValue());
        login(a.email(), a.password()).then().statusCode(200);
    }

    @Test
    void clientsOfTheOriginalSignInWithAnEmailFieldAndReadTheUserUnderUser() {
        Account a = register();
        String access = given().contentType(ContentType.JSON)
                .body(Map.of("email", a.email(), "password", a.password()))
                .post("/api/auth/login")
                .then()
                .statusCode(200)
                .body("success", equalTo(true))
                .body("user.id", equalTo(a.id()))
                .body("user.email", equalTo(a.email()))
                .body("user.name", equalTo(a.username()))
                .body("user", org.hamcrest.Matchers.hasKey("image"))
                .extract()
                .path("access_token");
        given().contentType(ContentType.JSON)
                .body(Map.of("username", a.username(), "password", a.password()))
                .post("/api/auth/login")
                .then()
                .statusCode(200);
        given().auth()
                .oauth2(access)
                .get("/api/auth/me")
                .then()
                .statusCode(200)
                .body("user.id", equalTo(a.id()))
                .body("user.name", equalTo(a.username()))
                .body("user.email", equalTo(a.email()))
                .body("user", org.hamcrest.Matchers.hasKey("image"))
                .body("id", equalTo(a.id()));
        refresh(a.refreshToken())
                .then()
                .statusCode(200)
                .body("success", equalTo(true))
                .body("access_token", notNullValue());
    }

    @Test
    void aLoginWithoutAnyNameOrWithAnUnknownFieldIs400NamingIt() {
        given().contentType(ContentType.JSON)
                .body(Map.of("password", "whatever it is"))
                .post("/api/auth/login")
                .then()
                .statusCode(400)
                .body("error", equalTo("ValidationError"))
                .body("details.email", notNullValue());
        given().contentType(ContentType.JSON)
                .body(Map.of("email", "a@example.com", "password", "x", "remember", true))
                .post("/api/auth/login")
                .then()
                .statusCode(400)
                .body("details.remember", notNullValue());
        given().contentType(ContentType.JSON)
                .body("[1,2]")
                .post("/api/auth/login")
                .then()
                .statusCode(400)
                .body("success", equalTo(false))
                .body("error", equalTo("ValidationError"));
        given().contentType(ContentType.JSON)
                .body(Map.of("refresh_token", "x", "refreshToken", "y"))
                .post("/api/auth/refresh")
                .then()
                .statusCode(400)
                .body("details.refreshToken", notNullValue());
    }

    @Test
    void wrongPasswordAndUnknownAccountGetTheSame401() {
        Account a = register();
        String wrongPassword = login(a.username(), "wrong password!!")
                .then()
                .statusCode(401)
                .body("error", equalTo("Unauthorized"))
                .extract()
                .path("message");
        String unknown = login(unique("nobody"), "wrong password!!")
                .then()
                .statusCode(401)
                .extract()
                .path("message");
        org.assertj.core.api.Assertions.assertThat(unknown).isEqualTo(wrongPassword);
    }

    @Test
    void repeatedFailuresForOneAccountAreRefusedWith429AndRetryAfter() {
        Account a = register();
        for (int i = 0; i < 5; i++) {
            login(a.username(), "wrong password " + i).then().statusCode(401);
        }
        login(a.username(), a.password())
                .then()
                .statusCode(429)
                .header("Retry-After", notNullValue())
                .body("error", equalTo("TooManyRequests"));
    }

    @Test
    void repeatedFailuresFromOneAddressAreRefusedAcrossAccounts() {
        String address = "203.0.113." + (int) (Math.random() * 250);
        for (int i = 0; i < 20; i++) {
            given().header("X-Forwarded-For", address)
                    .contentType(ContentType.JSON)
                    .body(Map.of("login", unique("nobody"), "password", "wrong password"))
                    .post("/api/auth/login")
                    .then()
                    .statusCode(401);
        }
        Account a = register();
        given().header("X-Forwarded-For", address)
                .contentType(ContentType.JSON)
                .body(Map.of("login", a.username(), "password", a.password()))
                .post("/api/auth/login")
                .then()
                .statusCode(429)
                .header("Retry-After", notNullValue());
        // The same account from elsewhere is not affected.
        login(a.username(), a.password()).then().statusCode(200);
    }

    @Test
    void meNeedsAValidAccessTokenFromHeaderOrCookie() {
        Account a = register();
        given().get("/api/auth/me").then().statusCode(401).body("success", equalTo(false));
        given().auth().oauth2("not-a-token").get("/api/auth/me").then().statusCode(401);
        given().auth()
                .oauth2(a.accessToken())
                .get("/api/auth/me")
                .then()
                .statusCode(200)
                .body("username", equalTo(a.username()))
                .body("email", equalTo(a.email()))
                .body("storage_quota", notNullValue());
        given().cookie("access_token", a.accessToken())
                .get("/api/auth/me")
                .then()
                .statusCode(200)
                .body("id", equalTo(a.id()));
    }

    @Test
    void refreshRotatesTheTokenAndTheOldOneStopsWorking() {
        Account a = register();
        String next = refresh(a.refreshToken())
                .then()
                .statusCode(200)
                .body("access_token", notNullValue())
                .extract()
                .path("refresh_token");
        org.assertj.core.api.Assertions.assertThat(next).isNotEqualTo(a.refreshToken());
        refresh(next).then().statusCode(200);
    }

    @Test
    void reusingAnAlreadyUsedRefreshTokenRevokesTheWholeLogin() throws InterruptedException {
        Account a = register();
        String second =
                refresh(a.refreshToken()).then().statusCode(200).extract().path("refresh_token");
        Thread.sleep(2_500); // past the grace period of a client racing itself (PT2S in tests)
        // The first token comes back: it leaked. Every token of this login dies, including the newest.
        refresh(a.refreshToken()).then().statusCode(401);
        refresh(second).then().statusCode(401);
        // Other logins of the same user are untouched.
        String other = login(a.username(), a.password())
                .then()
                .statusCode(200)
                .extract()
                .path("refresh_token");
        refresh(other).then().statusCode(200);
    }

    @Test
    void refreshWithTheCookieWorksAndUnknownTokensAre401() {
        Account a = register();
        given().cookie("refresh_token", a.refreshToken())
                .header("Origin", "http://localhost:8080")
                .post("/api/auth/refresh")
                .then()
                .statusCode(200)
                .body("success", equalTo(true))
                .cookie("access_token", notNullValue())
                .cookie("refresh_token", notNullValue());
        // A token that does not work is dropped from the browser with the 401.
        Response bad = refresh("made-up");
        bad.then().statusCode(401).body("detail", notNullValue());
        assertThat(bad.headers().getValues("Set-Cookie"))
                .anyMatch(c -> c.startsWith("refresh_token=;") && c.contains("Max-Age=0"));
        // None at all: a signed-out client, told with a 400 that clears both cookies, so that it stops asking.
        for (Response none : List.of(
                given().contentType(ContentType.JSON).post("/api/auth/refresh"),
                given().post("/api/auth/refresh"),
                given().cookie("access_token", a.accessToken()).post("/api/auth/refresh"))) {
            none.then()
                    .statusCode(400)
                    .body("error", equalTo("ValidationError"))
                    .body("details", hasKey("refresh_token"));
            assertThat(none.headers().getValues("Set-Cookie"))
                    .as("cleared cookies")
                    .anyMatch(c -> c.startsWith("refresh_token=;") && c.contains("Max-Age=0"))
                    .anyMatch(c -> c.startsWith("access_token=;") && c.contains("Max-Age=0"));
        }
    }

    /**
     * Two tabs refreshing at once with the one token they share: both succeed, with the same successor,
     * so the login keeps one live refresh token. Presenting the first token again once its successor was
     * used is reuse, and ends the login.
     */
    @Test
    void refreshesRacingWithOneTokenAllSucceedAndLeaveOneLiveToken() throws Exception {
        Account a = register();
        int racers = 4;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(racers);
        java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
        List<java.util.concurrent.Future<Response>> answers = new java.util.ArrayList<>();
        for (int i = 0; i < racers; i++) {
            answers.add(pool.submit(() -> {
                start.await();
                return refresh(a.refreshToken());
            }));
        }
        start.countDown();
        java.util.Set<String> successors = new java.util.HashSet<>();
        for (java.util.concurrent.Future<Response> f : answers) {
            Response r = f.get();
            assertThat(r.statusCode()).as(r.asString()).isEqualTo(200);
            successors.add(r.path("refresh_token"));
            given().auth()
                    .oauth2(r.<String>path("access_token"))
                    .get("/api/auth/me")
                    .then()
                    .statusCode(200);
        }
        pool.shutdown();
        assertThat(successors).hasSize(1);
        String next = successors.iterator().next();
        String third = refresh(next).then().statusCode(200).extract().path("refresh_token");
        // Within the grace period still, but the successor is spent: this is reuse.
        refresh(a.refreshToken()).then().statusCode(401);
        refresh(third).then().statusCode(401);
    }

    @Test
    void logoutRevokesTheRefreshTokenAndClearsCookies() {
        Account a = register();
        given().contentType(ContentType.JSON)
                .body(Map.of("refresh_token", a.refreshToken()))
                .post("/api/auth/logout")
                .then()
                .statusCode(200)
                .header("Set-Cookie", org.hamcrest.Matchers.containsString("Max-Age=0"));
        refresh(a.refreshToken()).then().statusCode(401);
    }

    @Test
    void changingThePasswordKeepsThisSessionAndEndsTheOthers() {
        Account a = register();
        String otherDevice = login(a.username(), a.password())
                .then()
                .statusCode(200)
                .extract()
                .path("refresh_token");
        given().auth()
                .oauth2(a.accessToken())
                .contentType(ContentType.JSON)
                .cookie("refresh_token", a.refreshToken())
                .body(Map.of("old_password", a.password(), "new_password", "an even longer passphrase"))
                .post("/api/auth/reset_password")
                .then()
                .statusCode(200)
                .body("success", equalTo(true));
        refresh(otherDevice).then().statusCode(401);
        refresh(a.refreshToken()).then().statusCode(200);
        login(a.username(), a.password()).then().statusCode(401);
        login(a.username(), "an even longer passphrase").then().statusCode(200);
    }

    @Test
    void changingThePasswordNeedsTheOldOneAndAValidNewOne() {
        Account a = register();
        given().auth()
                .oauth2(a.accessToken())
                .contentType(ContentType.JSON)
                .body(Map.of("old_password", "not the password", "new_password", "an even longer passphrase"))
                .post("/api/auth/reset_password")
                .then()
                .statusCode(400);
        given().auth()
                .oauth2(a.accessToken())
                .contentType(ContentType.JSON)
                .body(Map.of("old_password", a.password(), "new_password", "short"))
                .post("/api/auth/reset_password")
                .then()
                .statusCode(400);
        given().contentType(ContentType.JSON)
                .body(Map.of("old_password", a.password(), "new_password", "an even longer passphrase"))
                .post("/api/auth/reset_password")
                .then()
                .statusCode(401);
    }

    @Test
    void cookieAuthenticatedPostsFromAnotherSiteAreRefused() {
        Account a = register();
        given().cookie("access_token", a.accessToken())
                .cookie("refresh_token", a.refreshToken())
                .header("Origin", "https://evil.example")
                .post("/api/auth/refresh")
                .then()
                .statusCode(403)
                .body("error", equalTo("Forbidden"));
        given().cookie("refresh_token", a.refreshToken())
                .header("Sec-Fetch-Site", "cross-site")
                .post("/api/auth/logout")
                .then()
                .statusCode(403)
                .body("success", equalTo(false));
        given().cookie("access_token", a.accessToken())
                .header("Sec-Fetch-Site", "same-site")
                .header("Origin", "https://blog.example")
                .contentType(ContentType.JSON)
                .body(Map.of("name", "x"))
                .post("/api/auth/tokens/")
                .then()
                .statusCode(403);
        // Nothing of it happened: the login still refreshes.
        refresh(a.refreshToken()).then().statusCode(200);
    }

    @Test
    void aClientThatKeepsItsCookiesSignsInAfterRegistering() {
        // curl -c/-b, requests.Session: cookies kept, no Origin, no Sec-Fetch-Site.
        io.restassured.filter.cookie.CookieFilter jar = new io.restassured.filter.cookie.CookieFilter();
        String username = unique("jar");
        given().filter(jar)
                .contentType(ContentType.JSON)
                .body(Map.of(
                        "email", username + "@example.com", "username", username, "password", AuthFixtures.PASSWORD))
                .post("/api/auth/register")
                .then()
                .statusCode(201);
        given().filter(jar)
                .contentType(ContentType.JSON)
                .body(Map.of("login", username, "password", AuthFixtures.PASSWORD))
                .post("/api/auth/login")
                .then()
                .statusCode(200);
        given().filter(jar)
                .contentType(ContentType.JSON)
                .body(Map.of("name", "from the jar"))
                .post("/api/auth/tokens/")
                .then()
                .statusCode(201);
        given().filter(jar).post("/api/auth/refresh").then().statusCode(200);
        given().filter(jar).post("/api/auth/logout").then().statusCode(200);
    }

    @Test
    void aBrowserOnTheSuitesOwnHostNeedsNoConfiguredOrigin() {
        Account a = register();
        // As the gateway forwards a browser's request to https://depot.example (any name it is served under).
        given().cookie("access_token", a.accessToken())
                .header("X-Forwarded-Host", "depot.example")
                .header("X-Forwarded-Proto", "https")
                .header("Origin", "https://depot.example")
                .contentType(ContentType.JSON)
                .body(Map.of("name", "same origin"))
                .post("/api/auth/tokens/")
                .then()
                .statusCode(201);
        given().cookie("access_token", a.accessToken())
                .header("X-Forwarded-Host", "depot.example")
                .header("X-Forwarded-Proto", "https")
                .header("Origin", "https://evil.example")
                .contentType(ContentType.JSON)
                .body(Map.of("name", "elsewhere"))
                .post("/api/auth/tokens/")
                .then()
                .statusCode(403);
        given().cookie("access_token", a.accessToken())
                .header("Sec-Fetch-Site", "same-origin")
                .header("Origin", "https://depot.example")
                .contentType(ContentType.JSON)
                .body(Map.of("name", "fetch metadata"))
                .post("/api/auth/tokens/")
                .then()
                .statusCode(201);
    }

    @Test
    void signingInIsNeverRefusedForAnAccessCookieItDoesNotUse() {
        Account a = register();
        given().cookie("access_token", a.accessToken())
                .header("Origin", "https://elsewhere.example")
                .contentType(ContentType.JSON)
                .body(Map.of("login", a.username(), "password", a.password()))
                .post("/api/auth/login")
                .then()
                .statusCode(200);
        String other = unique("r");
        given().cookie("access_token", a.accessToken())
                .header("Sec-Fetch-Site", "cross-site")
                .contentType(ContentType.JSON)
                .body(Map.of("email", other + "@example.com", "username", other, "password", a.password()))
                .post("/api/auth/register")
                .then()
                .statusCode(201);
    }

    @Test
    void externalLoginAnswersClearlyWhenNoProviderIsConfigured() {
        for (String path : List.of("/api/slack/login", "/api/slack/callback?code=x&state=y")) {
            given().redirects()
                    .follow(false)
                    .get(path)
                    .then()
                    .statusCode(404)
                    .body("error", equalTo("ResourceNotFound"))
                    .body("details.provider", equalTo("is not configured"));
        }
        // So the web app offers no external sign-in here.
        given().get("/api/auth/providers").then().statusCode(200).body("external.size()", equalTo(0));
        assertThat(AuthResource.displayName("google")).isEqualTo("Google");
    }

    @Test
    void theJwksListsTheSigningKeyAtBothPaths() {
        String kid = given().get("/api/auth/jwks")
                .then()
                .statusCode(200)
                .body("keys[0].kty", equalTo("RSA"))
                .body("keys[0].alg", equalTo("RS256"))
                .extract()
                .path("keys[0].kid");
        given().get("/.well-known/jwks.json").then().statusCode(200).body("keys.kid", hasItem(kid));
    }
}
