package dev.depot.gateway.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.depot.gateway.TestConfigs;
import dev.depot.gateway.config.GatewayConfig;
import dev.depot.gateway.core.Exchange;
import dev.depot.gateway.core.Refusal;
import dev.depot.gateway.core.TraceContext;
import dev.depot.gateway.core.Verdict;
import dev.depot.gateway.pipeline.RouteStage.Destination;
import dev.depot.gateway.pipeline.RouteStage.OwnPage;
import dev.depot.gateway.pipeline.RouteStage.Upstream;
import dev.depot.gateway.routing.RoutePolicies;
import dev.depot.gateway.routing.RouteTable;
import io.vertx.core.http.HttpMethod;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Where a request goes, and what the access log and metrics call it. */
class RouteStageTest {

    private final GatewayConfig config = TestConfigs.gateway(Map.of(
            "depot.gateway.routes.files-service.url", "http://127.0.0.1:8082",
            "depot.gateway.routes.files-service.prefixes", "/api/cdn/files,/cdn",
            "depot.gateway.routes.auth-service.url", "http://127.0.0.1:8081",
            "depot.gateway.routes.auth-service.prefixes", "/api/auth",
            "depot.gateway.policies.uploads.match", "POST /api/cdn/files/upload",
            "depot.gateway.policies.uploads.rate-limit", "10"));
    private final RouteStage route = new RouteStage(new RouteTable(config), new RoutePolicies(config));
    private final Exchange exchange = new Exchange("r", TraceContext.from(null, null), "10.0.0.1", "http", null, "");

    @Test
    void aPathGoesToTheServiceOwningItsLongestPrefixAsAskedFor() {
        Upstream upstream =
                upstream(route.route(HttpMethod.POST, "/api/cdn/files/upload", "/api/cdn/files/upload?x=1", exchange));
        assertThat(upstream.target().service()).isEqualTo("files-service");
        assertThat(upstream.target().url().getPort()).isEqualTo(8082);
        assertThat(upstream.uri()).isEqualTo("/api/cdn/files/upload?x=1");
        assertThat(exchange.service()).isEqualTo("files-service");
        assertThat(exchange.route()).isEqualTo("/api/cdn/files");
    }

    @Test
    void internalApisAndUnknownPathsAreNotFound() {
        for (String path : new String[] {"/internal/users", "//internal", "/api/cdn/nothing", "/cdnx"}) {
            Refusal refusal = refusal(route.route(HttpMethod.GET, path, path, exchange));
            assertThat(refusal.status()).as(path).isEqualTo(404);
            assertThat(refusal.error()).isEqualTo("ResourceNotFound");
            assertThat(refusal.message()).isEqualTo("no such resource");
        }
    }

    @Test
    void theApiPagesAreTheGatewaysOwnToRead() {
        assertThat(pass(route.route(HttpMethod.GET, "/api/docs/init.js", "/api/docs/init.js", exchange)))
                .isInstanceOf(OwnPage.class);
        assertThat(exchange.service()).isEqualTo("gateway");
        assertThat(exchange.route()).isEqualTo("/api/docs");
        assertThat(refusal(route.route(HttpMethod.POST, "/api/docs", "/api/docs", exchange))
                        .status())
                .as("only read")
                .isEqualTo(404);
    }

    @Test
    void aServicesOpenApiDocumentIsAskedOfItInJson() {
        Upstream upstream = upstream(
                route.route(HttpMethod.GET, "/api/openapi/auth-service", "/api/openapi/auth-service?x=1", exchange));
        assertThat(upstream.target().service()).isEqualTo("auth-service");
        assertThat(upstream.uri()).isEqualTo("/q/openapi?format=json");
        assertThat(exchange.service()).isEqualTo("auth-service");
        assertThat(exchange.route()).isEqualTo("/api/openapi/");

        Refusal unknown = refusal(route.route(HttpMethod.HEAD, "/api/openapi/nobody", "/api/openapi/nobody", exchange));
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.message()).isEqualTo("no service nobody");
        assertThat(exchange.service()).isEqualTo("gateway");
    }

    @Test
    void aRequestIsLabelledBeforeItIsRoutedAndFallsUnderItsPolicy() {
        Exchange fresh = new Exchange("r", TraceContext.from(null, null), "10.0.0.1", "http", null, "");
        route.label("/nowhere", fresh);
        assertThat(fresh.service()).isNull();
        route.label("/cdn/abc", fresh);
        assertThat(fresh.service()).isEqualTo("files-service");
        assertThat(fresh.route()).isEqualTo("/cdn");

        assertThat(route.policy(HttpMethod.POST, "/api/cdn/files/upload").name())
                .isEqualTo("uploads");
        assertThat(route.policy(HttpMethod.GET, "/api/cdn/files/upload").name()).isEqualTo("standard");
    }

    private static Destination pass(Verdict<Destination> verdict) {
        assertThat(verdict).isInstanceOf(Verdict.Pass.class);
        return ((Verdict.Pass<Destination>) verdict).value();
    }

    private static Upstream upstream(Verdict<Destination> verdict) {
        Destination destination = pass(verdict);
        assertThat(destination).isInstanceOf(Upstream.class);
        return (Upstream) destination;
    }

    private static Refusal refusal(Verdict<Destination> verdict) {
        assertThat(verdict).isInstanceOf(Verdict.Refused.class);
        return ((Verdict.Refused<Destination>) verdict).refusal();
    }
}
