package dev.depot.common.security;

import static org.assertj.core.api.Assertions.assertThat;

import dev.depot.common.security.CsrfFilter.Request;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Every branch of the cross-site rule, on plain values: no server, no Quarkus. */
class CsrfFilterTest {

    private static final Set<String> COOKIES = Set.of("access_token", "refresh_token");

    private final CsrfFilter filter = new CsrfFilter(List.of("https://app.example", "http://localhost:8080"));

    /** A POST through the gateway at https://depot.example, carrying both session cookies. */
    private static Request post() {
        return new Request(
                "POST", false, COOKIES, false, null, null, "https", "depot.example", "http", "127.0.0.1:8081");
    }

    private static Request with(Request r, String fetchSite, String origin) {
        return new Request(
                r.method(),
                r.authorization(),
                r.cookies(),
                r.accessCookieUnused(),
                fetchSite,
                origin,
                r.forwardedProto(),
                r.forwardedHost(),
                r.scheme(),
                r.host());
    }

    @Test
    void safeMethodsAreNeverRefused() {
        for (String method : List.of("GET", "HEAD", "OPTIONS")) {
            Request r = new Request(
                    method,
                    false,
                    COOKIES,
                    false,
                    "cross-site",
                    "https://evil.example",
                    "https",
                    "depot.example",
                    "http",
                    "x");
            assertThat(filter.refusal(r)).as(method).isNull();
        }
    }

    @Test
    void everyUnsafeMethodIsChecked() {
        for (String method : List.of("POST", "PUT", "PATCH", "DELETE")) {
            Request r = new Request(
                    method,
                    false,
                    COOKIES,
                    false,
                    "cross-site",
                    "https://evil.example",
                    "https",
                    "depot.example",
                    "http",
                    "x");
            assertThat(filter.refusal(r)).as(method).isNotNull();
        }
    }

    @Test
    void aBearerRequestIsNotABrowserRidingOnCookies() {
        Request r = new Request(
                "POST",
                true,
                COOKIES,
                false,
                "cross-site",
                "https://evil.example",
                "https",
                "depot.example",
                "http",
                "x");
        assertThat(filter.refusal(r)).isNull();
    }

    @Test
    void withoutASessionCookieThereIsNothingToRideOn() {
        Request r = new Request(
                "POST",
                false,
                Set.of("theme"),
                false,
                "cross-site",
                "https://evil.example",
                "https",
                "depot.example",
                "http",
                "x");
        assertThat(filter.refusal(r)).isNull();
    }

    @Test
    void aClientThatKeepsCookiesButIsNoBrowserIsAllowed() {
        // curl -b, requests.Session: neither Sec-Fetch-Site nor Origin.
        assertThat(filter.refusal(post())).isNull();
    }

    @Test
    void fetchMetadataDecidesWhenTheBrowserSendsIt() {
        assertThat(filter.refusal(with(post(), "same-origin", "https://depot.example")))
                .isNull();
        assertThat(filter.refusal(with(post(), "none", null)))
                .as("typed by the user")
                .isNull();
        assertThat(filter.refusal(with(post(), "cross-site", "https://evil.example")))
                .isNotNull();
        assertThat(filter.refusal(with(post(), "cross-site", null))).isNotNull();
        assertThat(filter.refusal(with(post(), "CROSS-SITE", null)))
                .as("any case")
                .isNotNull();
    }

    @Test
    void aSameSiteRequestMustComeFromOurOwnOrAConfiguredOrigin() {
        assertThat(filter.refusal(with(post(), "same-site", "https://depot.example")))
                .isNull();
        assertThat(filter.refusal(with(post(), "same-site", "https://app.example")))
                .isNull();
        assertThat(filter.refusal(with(post(), "same-site", "https://blog.depot.example")))
                .as("a sibling")
                .isNotNull();
        assertThat(filter.refusal(with(post(), "same-site", null)))
                .as("a browser always sends Origin on a POST")
                .isNotNull();
        assertThat(filter.refusal(with(post(), "something-new", "https://blog.depot.example")))
                .as("an unknown value counts as same-site")
                .isNotNull();
        assertThat(filter.refusal(with(post(), "something-new", "https://depot.example")))
                .isNull();
    }

    @Test
    void withoutFetchMetadataTheOriginMustBeOursOrConfigured() {
        assertThat(filter.refusal(with(post(), null, "https://depot.example")))
                .as("our own, any host name")
                .isNull();
        assertThat(filter.refusal(with(post(), null, "https://DEPOT.example:443")))
                .as("same origin, spelled so")
                .isNull();
        assertThat(filter.refusal(with(post(), null, "https://app.example")))
                .as("configured")
                .isNull();
        assertThat(filter.refusal(with(post(), null, "http://depot.example")))
                .as("another scheme")
                .isNotNull();
        assertThat(filter.refusal(with(post(), null, "https://depot.example:8443")))
                .as("another port")
                .isNotNull();
        assertThat(filter.refusal(with(post(), null, "https://evil.example"))).isNotNull();
        assertThat(filter.refusal(with(post(), null, "null")))
                .as("an opaque origin")
                .isNotNull();
        assertThat(filter.refusal(with(post(), null, "not a url"))).isNotNull();
    }

    @Test
    void ourOwnOriginIsTheHostAndSchemeTheGatewayForwarded() {
        assertThat(CsrfFilter.ownOrigin("https", "depot.example", "http", "127.0.0.1:8081"))
                .isEqualTo("https://depot.example");
        assertThat(CsrfFilter.ownOrigin("https, http", "Depot.Example:443, proxy", "http", "x"))
                .as("the first of a list, default port dropped")
                .isEqualTo("https://depot.example");
        assertThat(CsrfFilter.ownOrigin("http", "depot.example:8080", "http", "x"))
                .isEqualTo("http://depot.example:8080");
        // Reached directly, without the gateway: the request's own Host and scheme.
        assertThat(CsrfFilter.ownOrigin(null, null, "http", "localhost:8081")).isEqualTo("http://localhost:8081");
        assertThat(CsrfFilter.ownOrigin(null, null, "http", "localhost:80")).isEqualTo("http://localhost");
        assertThat(CsrfFilter.ownOrigin(null, null, "http", null)).isNull();
    }

    @Test
    void directlyWithoutTheGatewayTheHostHeaderCounts() {
        Request r = new Request(
                "POST", false, COOKIES, false, null, "http://localhost:8081", null, null, "http", "localhost:8081");
        assertThat(filter.refusal(r)).isNull();
        Request other = new Request(
                "POST", false, COOKIES, false, null, "http://localhost:9999", null, null, "http", "localhost:8081");
        assertThat(filter.refusal(other)).isNotNull();
    }

    @Test
    void signInRegistrationAndRefreshNeverNeedTheAccessCookie() {
        Request accessOnly = new Request(
                "POST",
                false,
                Set.of("access_token"),
                true,
                "cross-site",
                "https://evil.example",
                "https",
                "depot.example",
                "http",
                "x");
        assertThat(filter.refusal(accessOnly))
                .as("the access cookie alone counts for nothing there")
                .isNull();
        Request withRefresh = new Request(
                "POST",
                false,
                COOKIES,
                true,
                "cross-site",
                "https://evil.example",
                "https",
                "depot.example",
                "http",
                "x");
        assertThat(filter.refusal(withRefresh))
                .as("the refresh cookie still rides along to /refresh")
                .isNotNull();
        Request elsewhere = new Request(
                "POST",
                false,
                Set.of("access_token"),
                false,
                "cross-site",
                "https://evil.example",
                "https",
                "depot.example",
                "http",
                "x");
        assertThat(filter.refusal(elsewhere))
                .as("everywhere else the access cookie counts")
                .isNotNull();
    }

    @Test
    void configuredOriginsAreComparedLikeOrigins() {
        CsrfFilter spaced = new CsrfFilter(List.of(" https://App.Example:443 ", ""));
        assertThat(spaced.refusal(with(post(), null, "https://app.example"))).isNull();
        assertThat(spaced.refusal(with(post(), null, "https://other.example"))).isNotNull();
    }
}
