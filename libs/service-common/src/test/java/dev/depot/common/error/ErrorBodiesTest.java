package dev.depot.common.error;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which requests may carry bodies up to the HTTP server's cap rather than a service's usual limit. */
class ErrorBodiesTest {

    private final ErrorBodies bodies =
            new ErrorBodies(Optional.empty(), Optional.empty(), Optional.of(List.of("PUT /dav/", "/bulk/")));

    @Test
    void onlyTheListedMethodAndPathPrefixTakeLargeBodies() {
        assertThat(bodies.takesLargeBodies("PUT", "/dav/a/b.bin")).isTrue();
        assertThat(bodies.takesLargeBodies("put", "/dav/")).isTrue();
        // An XML request on the same path is held to the usual limit.
        assertThat(bodies.takesLargeBodies("PROPFIND", "/dav/a/")).isFalse();
        assertThat(bodies.takesLargeBodies("PUT", "/api/cdn/files/x/content")).isFalse();
        assertThat(bodies.takesLargeBodies("PUT", "/davx")).isFalse();
        // An entry without a method is for every method.
        assertThat(bodies.takesLargeBodies("POST", "/bulk/upload")).isTrue();
        assertThat(bodies.takesLargeBodies("POST", null)).isFalse();
        assertThat(new ErrorBodies(Optional.empty(), Optional.empty(), Optional.empty())
                        .takesLargeBodies("PUT", "/dav/x"))
                .isFalse();
    }
}
