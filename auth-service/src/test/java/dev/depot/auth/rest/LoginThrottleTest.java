package dev.depot.auth.rest;

import static dev.depot.auth.rest.AuthFixtures.loginFrom;
import static dev.depot.auth.rest.AuthFixtures.register;
import static dev.depot.auth.rest.AuthFixtures.someAddress;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import dev.depot.auth.rest.AuthFixtures.Account;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

/**
 * Failed sign-ins are counted per account and client address, per address, and per account across
 * all addresses (a higher ceiling: 12 in tests, see application.properties), so that a stranger
 * guessing from one place cannot lock the owner out.
 */
@QuarkusTest
class LoginThrottleTest {

    @Test
    void failuresFromOneAddressDoNotLockTheOwnerOutElsewhere() {
        Account a = register();
        String attacker = someAddress();
        for (int i = 0; i < 5; i++) {
            loginFrom(attacker, a.username(), "wrong password " + i).then().statusCode(401);
        }
        Response refused = loginFrom(attacker, a.username(), a.password());
        refused.then().statusCode(429).body("success", equalTo(false)).body("error", equalTo("TooManyRequests"));
        long retryAfter = Long.parseLong(refused.header("Retry-After"));
        assertThat(retryAfter).isBetween(1L, 15L * 60);
        assertThat(((Number) refused.path("details.retry_after")).longValue()).isEqualTo(retryAfter);

        loginFrom(someAddress(), a.username(), a.password()).then().statusCode(200);
        loginFrom(someAddress(), a.email(), a.password()).then().statusCode(200);
    }

    @Test
    void anAccountGuessedFromManyAddressesHasACeiling() {
        Account a = register();
        for (int address = 0; address < 3; address++) {
            String from = someAddress();
            for (int i = 0; i < 4; i++) {
                loginFrom(from, a.username(), "wrong password " + i).then().statusCode(401);
            }
        }
        Response refused = loginFrom(someAddress(), a.username(), a.password());
        refused.then().statusCode(429).body("details.retry_after", org.hamcrest.Matchers.notNullValue());
        assertThat(refused.header("Retry-After")).isNotNull();
    }

    @Test
    void aSuccessForgetsThatAddressesFailuresForTheAccount() {
        Account a = register();
        String from = someAddress();
        for (int i = 0; i < 4; i++) {
            loginFrom(from, a.username(), "wrong password " + i).then().statusCode(401);
        }
        loginFrom(from, a.username(), a.password()).then().statusCode(200);
        for (int i = 0; i < 4; i++) {
            loginFrom(from, a.username(), "wrong again " + i).then().statusCode(401);
        }
        loginFrom(from, a.username(), a.password()).then().statusCode(200);
    }

    @Test
    void theOwnerCanStillSignInFromAnAddressThatFailedLessThanTheLimit() {
        Account a = register();
        String attacker = someAddress();
        String owner = someAddress();
        for (int i = 0; i < 5; i++) {
            loginFrom(attacker, a.username(), "wrong password " + i).then().statusCode(401);
        }
        loginFrom(owner, a.username(), "typo in it").then().statusCode(401);
        loginFrom(owner, a.username(), a.password()).then().statusCode(200);
    }

    @Test
    void theUsernameAndTheEmailCountAgainstOneAccount() {
        Account a = register();
        String from = someAddress();
        for (int i = 0; i < 3; i++) {
            loginFrom(from, a.username(), "wrong password " + i).then().statusCode(401);
        }
        for (int i = 0; i < 2; i++) {
            loginFrom(from, a.email().toUpperCase(), "wrong password " + i)
                    .then()
                    .statusCode(401);
        }
        loginFrom(from, a.username(), a.password()).then().statusCode(429);
    }
}
