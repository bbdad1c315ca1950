package dev.depot.system;

import static dev.depot.system.Eventually.eventually;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.startsWith;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.net.ConnectException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The suite as the network sees it: every absolute URL in an answer leads to the address the client
 * used (here through a TLS proxy in front of the gateway), health and metrics are on loopback-only
 * management ports, and the services take no calls that skip the gateway.
 */
class PublicAddressIT {

    private static final String PUBLIC = "https://drive.example.test/";

    private static Suite suite;
    private static String gateway;

    @BeforeAll
    static void start() throws Exception {
        // As behind an ingress that ends TLS: the gateway trusts what one proxy in front forwards.
        suite = new Suite()
                .env("DEPOT_TRUSTED_PROXIES", "1")
                .start("auth-service", "files-service", "sharing-service", "analytics-service", "gateway");
        gateway = suite.url("gateway");
    }

    @AfterAll
    static void stop() throws Exception {
        if (suite != null) {
            suite.close();
        }
    }

    /** A request as the ingress passes it on: the client's host and scheme in X-Forwarded-*. */
    private static RequestSpecification viaIngress() {
        return given().baseUri(gateway)
                .header("X-Forwarded-For", "203.0.113.9")
                .header("X-Forwarded-Proto", "https")
                .header("X-Forwarded-Host", "drive.example.test");
    }

    @Test
    void everyAbsoluteUrlInAnAnswerLeadsToThePublicAddress() {
        GatewayUser alice = GatewayUser.register(gateway, "pub");
        RequestSpecification as = viaIngress().auth().oauth2(alice.token()).contentType(ContentType.JSON);
        String docs = mkdir(alice, "Docs");
        mkdir(alice, "Other");
        Response folders = viaIngress()
                .auth()
                .oauth2(alice.token())
                .queryParam("page_size", 1)
                .get("/api/cdn/folders/");
        assertThat(folders.<String>path("next"))
                .startsWith(PUBLIC + "api/cdn/folders/")
                .contains("page=2");

        String file = upload(alice, docs, "a.txt", "first");
        upload(alice, docs, "b.txt", "second");
        assertThat(viaIngress()
                        .auth()
                        .oauth2(alice.token())
                        .get("/api/cdn/files/" + file + "/download/")
                        .<String>path("download_url"))
                .startsWith(PUBLIC + "cdn/");

        Response[] created = new Response[1];
        eventually(() -> {
            created[0] = as.body(Map.of("resource_type", "folder", "resource_id", docs, "is_public", true))
                    .post("/api/cdn/shares/");
            created[0].then().statusCode(201);
        });
        Response share = created[0];
        String token = share.path("public_token");
        // public_url is the link's page; an API client following it gets the link's JSON.
        assertThat(share.<String>path("public_url")).isEqualTo(PUBLIC + "s/" + token);
        viaIngress()
                .accept("*/*")
                .queryParam("page_size", 1)
                .get("/s/" + token)
                .then()
                .statusCode(200)
                .body("share.public_url", equalTo(PUBLIC + "s/" + token))
                .body("files.next", startsWith(PUBLIC + "s/" + token));

        Response view = viaIngress().queryParam("page_size", 1).get("/api/cdn/shares/public/" + token + "/");
        view.then().statusCode(200);
        assertThat(view.<String>path("files.results[0].download_url")).startsWith(PUBLIC + "api/cdn/shares/public/");
        // files-service's own paging link named its internal API; the visitor gets the public one.
        assertThat(view.<String>path("files.next"))
                .startsWith(PUBLIC + "api/cdn/shares/public/" + token + "/")
                .contains("page=2")
                .doesNotContain("internal");

        eventually(() -> {
            Response activity = viaIngress()
                    .auth()
                    .oauth2(alice.token())
                    .queryParam("page_size", 1)
                    .get("/api/cdn/activity/");
            assertThat(activity.<Integer>path("count")).isGreaterThan(1);
            assertThat(activity.<String>path("next")).startsWith(PUBLIC + "api/cdn/activity/");
        });
    }

    @Test
    void malformedRequestsAreAnsweredInTheEnvelopeThroughTheGateway() {
        GatewayUser bob = GatewayUser.register(gateway, "env");
        given().baseUri(gateway)
                .auth()
                .oauth2(bob.token())
                .queryParam("page", "abc")
                .get("/api/cdn/folders/")
                .then()
                .statusCode(400)
                .body("success", equalTo(false))
                .body("details", hasKey("page"));
        given().baseUri(gateway)
                .auth()
                .oauth2(bob.token())
                .contentType(ContentType.JSON)
                .body("[1,2]")
                .post("/api/cdn/folders/")
                .then()
                .statusCode(400)
                .body("details.body", equalTo("must be a JSON object"));
        given().baseUri(gateway)
                .auth()
                .oauth2(bob.token())
                .get("/api/cdn/files/?search=" + "x".repeat(10_000))
                .then()
                .statusCode(414)
                .body("success", equalTo(false));
    }

    @Test
    void healthAndMetricsAreOnLoopbackManagementPortsOnly() throws Exception {
        for (String path : new String[] {"/q/metrics", "/q/health/ready"}) {
            given().baseUri(gateway).get(path).then().statusCode(404).body("success", equalTo(false));
        }
        for (String service : new String[] {"gateway", "files-service", "analytics-service"}) {
            given().baseUri(suite.managementUrl(service))
                    .get("/q/health/ready")
                    .then()
                    .statusCode(200)
                    .body("status", equalTo("UP"));
        }
        String token = "NotARealToken" + UUID.randomUUID().toString().replace("-", "");
        given().baseUri(gateway)
                .get("/api/cdn/shares/public/" + token + "/")
                .then()
                .statusCode(404);
        GatewayUser carol = GatewayUser.register(gateway, "met");
        String folder = mkdir(carol, "Counted");
        carol.api().get("/api/cdn/folders/" + folder + "/").then().statusCode(200);
        String metrics = given().baseUri(suite.managementUrl("gateway"))
                .get("/q/metrics")
                .then()
                .statusCode(200)
                .extract()
                .asString();
        assertThat(metrics)
                .contains("uri=\"/api/cdn/folders/**\"")
                .doesNotContain(token)
                .doesNotContain(folder);
    }

    @Test
    void theServicesTakeNoCallsFromTheNetwork() throws Exception {
        Optional<InetAddress> external = Collections.list(NetworkInterface.getNetworkInterfaces()).stream()
                .filter(i -> isUp(i) && !isLoopback(i))
                .flatMap(i -> Collections.list(i.getInetAddresses()).stream())
                .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress())
                .findFirst();
        if (external.isEmpty()) {
            return; // a machine with no network: nothing to call from
        }
        for (String service : new String[] {"files-service", "sharing-service"}) {
            int port = suite.port(service);
            assertThatThrownBy(() -> {
                        try (Socket s = new Socket()) {
                            s.connect(new InetSocketAddress(external.get(), port), 2_000);
                        }
                    })
                    .as(service + " on " + external.get())
                    .isInstanceOf(ConnectException.class);
        }
        // The gateway is the way in.
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(external.get(), suite.port("gateway")), 2_000);
        }
    }

    private static boolean isUp(NetworkInterface i) {
        try {
            return i.isUp();
        } catch (java.net.SocketException e) {
            return false;
        }
    }

    private static boolean isLoopback(NetworkInterface i) {
        try {
            return i.isLoopback();
        } catch (java.net.SocketException e) {
            return true;
        }
    }

    private static String mkdir(GatewayUser owner, String name) {
        Map<String, Object> body = new HashMap<>();
        body.put("name", name);
        return owner.api()
                .body(body)
                .post("/api/cdn/folders/")
                .then()
                .statusCode(201)
                .extract()
                .path("id");
    }

    private static String upload(GatewayUser owner, String folderId, String name, String content) {
        return given().baseUri(gateway)
                .auth()
                .oauth2(owner.token())
                .multiPart("file", name, content.getBytes(StandardCharsets.UTF_8))
                .multiPart("folder_id", folderId)
                .post("/api/cdn/files/upload/")
                .then()
                .statusCode(201)
                .extract()
                .path("file.id");
    }
}
