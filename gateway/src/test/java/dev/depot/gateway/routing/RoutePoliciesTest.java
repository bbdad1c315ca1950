package dev.depot.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.depot.gateway.TestConfigs;
import dev.depot.gateway.config.GatewayConfig.RateKey;
import dev.depot.gateway.core.Policy;
import io.vertx.core.http.HttpMethod;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RoutePoliciesTest {

    private final RoutePolicies policies = new RoutePolicies(TestConfigs.gateway(Map.of(
            "depot.gateway.policies.standard.rate-limit", "100",
            "depot.gateway.policies.upload.match", "POST /api/cdn/files/upload,PUT /api/cdn/files/*/content",
            "depot.gateway.policies.upload.rate-limit", "10",
            "depot.gateway.policies.upload.max-body-size", "200M",
            "depot.gateway.policies.upload.request-timeout", "PT0S",
            "depot.gateway.policies.search.match", "GET /api/cdn/search/**",
            "depot.gateway.policies.search.rate-limit", "20",
            "depot.gateway.policies.public-share.match", "/api/cdn/shares/public/**",
            "depot.gateway.policies.public-share.rate-key", "address",
            "depot.gateway.policies.public-drop.match", "POST /api/cdn/shares/public/*/uploads")));

    @Test
    void aRequestNoPolicyMatchesGetsTheStandardOneWithTheGlobalDefaults() {
        Policy p = policies.match(HttpMethod.GET, "/api/cdn/files/");
        assertThat(p.name()).isEqualTo("standard");
        assertThat(p.rateLimit()).isEqualTo(100);
        assertThat(p.maxBodySize()).isEqualTo(1024 * 1024);
        assertThat(p.requestTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(p.window()).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void methodsAndWildcardSegmentsNarrowAMatch() {
        assertThat(policies.match(HttpMethod.POST, "/api/cdn/files/upload/").name())
                .isEqualTo("upload");
        assertThat(policies.match(HttpMethod.GET, "/api/cdn/files/upload").name())
                .isEqualTo("standard");
        assertThat(policies.match(HttpMethod.PUT, "/api/cdn/files/42/content").name())
                .isEqualTo("upload");
        assertThat(policies.match(HttpMethod.PUT, "/api/cdn/files/42/content/x").name())
                .isEqualTo("standard");
        Policy upload = policies.match(HttpMethod.POST, "/api/cdn/files/upload");
        assertThat(upload.maxBodySize()).isEqualTo(200L * 1024 * 1024);
        assertThat(upload.requestTimeout()).isZero();
    }

    @Test
    void aFinalDoubleStarMatchesThePrefixAndAnythingBelowIt() {
        assertThat(policies.match(HttpMethod.GET, "/api/cdn/search").name()).isEqualTo("search");
        assertThat(policies.match(HttpMethod.GET, "/api/cdn/search/").name()).isEqualTo("search");
        assertThat(policies.match(HttpMethod.GET, "/api/cdn/searching").name()).isEqualTo("standard");
        Policy share = policies.match(HttpMethod.GET, "/api/cdn/shares/public/tok/files/1/download");
        assertThat(share.name()).isEqualTo("public-share");
        assertThat(share.rateKey()).isEqualTo(RateKey.ADDRESS);
    }

    @Test
    void theMostSpecificPatternWins() {
        assertThat(policies.match(HttpMethod.POST, "/api/cdn/shares/public/tok/uploads")
                        .name())
                .isEqualTo("public-drop");
        assertThat(policies.match(HttpMethod.GET, "/api/cdn/shares/public/tok/uploads")
                        .name())
                .isEqualTo("public-share");
    }
}
