package dev.depot.gateway.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.depot.gateway.core.Exchange;
import dev.depot.gateway.core.TraceContext;
import io.vertx.core.MultiMap;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which headers reach a service and which reach the client, and which only the gateway may set. */
class ForwardHeadersTest {

    private static final String TRACE = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    private static Exchange exchange(String host, String prefix, TraceContext trace) {
        return new Exchange("gateway-request-id", trace, "203.0.113.7", "https", host, prefix);
    }

    @Test
    void endToEndHeadersArePassedOnAsSentRepeatedOnesToo() {
        MultiMap client = MultiMap.caseInsensitiveMultiMap()
                .add("Accept", "application/json")
                .add("Content-Type", "text/plain")
                .add("Range", "bytes=0-9")
                .add("Cookie", "a=1")
                .add("Cookie", "b=2")
                .add("Upload-Offset", "0");
        MultiMap upstream = MultiMap.caseInsensitiveMultiMap();
        ForwardHeaders.toService(client, upstream, null, exchange("drive.example", "", TraceContext.from(null, null)));
        assertThat(upstream.get("Accept")).isEqualTo("application/json");
        assertThat(upstream.get("Content-Type")).isEqualTo("text/plain");
        assertThat(upstream.get("Range")).isEqualTo("bytes=0-9");
        assertThat(upstream.getAll("Cookie")).containsExactly("a=1", "b=2");
        assertThat(upstream.get("Upload-Offset")).isEqualTo("0");
    }

    @Test
    void hopByHopHeadersAndThoseNamedInConnectionStayBehind() {
        MultiMap client = MultiMap.caseInsensitiveMultiMap()
                .add("Connection", "keep-alive, X-Secret-Hop")
                .add("Keep-Alive", "timeout=5")
                .add("Transfer-Encoding", "chunked")
                .add("TE", "trailers")
                .add("Trailer", "X-Checksum")
                .add("Upgrade", "h2c")
                .add("Proxy-Authorization", "Basic eDp5")
                .add("Proxy-Connection", "keep-alive")
                .add("Expect", "100-continue")
                .add("x-secret-hop", "1")
                .add("X-Kept", "yes");
        MultiMap upstream = MultiMap.caseInsensitiveMultiMap();
        ForwardHeaders.copy(client, upstream, Set.of());
        assertThat(upstream.names()).containsExactly("X-Kept");
    }

    @Test
    void whatSaysWhoTheCallerIsIsNeverTakenFromTheClient() {
        MultiMap client = MultiMap.caseInsensitiveMultiMap()
                .add("Authorization", "Bearer dpt_secret")
                .add("Host", "evil.example")
                .add("X-Request-Id", "client-id-123456")
                .add("traceparent", "00-bad")
                .add("tracestate", "spoofed=1")
                .add("X-Forwarded-For", "6.6.6.6")
                .add("X-Forwarded-Host", "evil.example")
                .add("X-Forwarded-Proto", "http")
                .add("X-Forwarded-Prefix", "/evil")
                .add("X-RateLimit-Remaining", "999");
        MultiMap upstream = MultiMap.caseInsensitiveMultiMap();
        TraceContext trace = TraceContext.from(TRACE, "congo=t61rcWkgMzE");
        ForwardHeaders.toService(client, upstream, "Bearer exchanged-jwt", exchange("drive.example", "/depot", trace));

        assertThat(upstream.getAll("Authorization")).containsExactly("Bearer exchanged-jwt");
        assertThat(upstream.getAll("X-Request-Id")).containsExactly("gateway-request-id");
        assertThat(upstream.getAll("traceparent")).containsExactly(trace.traceparent());
        assertThat(upstream.getAll("tracestate")).containsExactly("congo=t61rcWkgMzE");
        assertThat(upstream.getAll("X-Forwarded-For")).containsExactly("203.0.113.7");
        assertThat(upstream.getAll("X-Forwarded-Proto")).containsExactly("https");
        assertThat(upstream.getAll("X-Forwarded-Host")).containsExactly("drive.example");
        assertThat(upstream.getAll("X-Forwarded-Prefix")).containsExactly("/depot");
        assertThat(upstream.contains("Host"))
                .as("the HTTP client sets the service's own")
                .isFalse();
        assertThat(upstream.contains("X-RateLimit-Remaining")).isFalse();
    }

    @Test
    void withoutAnAuthorizationToForwardTheClientsIsDroppedToo() {
        MultiMap client = MultiMap.caseInsensitiveMultiMap().add("Authorization", "Basic bWU6aHVudGVyMg==");
        MultiMap upstream = MultiMap.caseInsensitiveMultiMap();
        ForwardHeaders.toService(client, upstream, null, exchange(null, "", TraceContext.from(null, null)));
        assertThat(upstream.contains("Authorization")).isFalse();
        assertThat(upstream.contains("X-Forwarded-Host"))
                .as("no host the client named")
                .isFalse();
        assertThat(upstream.contains("X-Forwarded-Prefix"))
                .as("not mounted under a prefix")
                .isFalse();
        assertThat(upstream.contains("tracestate"))
                .as("a new trace has no state")
                .isFalse();
    }

    @Test
    void anAnswerKeepsItsHeadersButNotHopByHopOrRateLimitOnes() {
        MultiMap service = MultiMap.caseInsensitiveMultiMap()
                .add("Content-Type", "application/json")
                .add("Content-Length", "0")
                .add("ETag", "\"abc\"")
                .add("Set-Cookie", "a=1")
                .add("Set-Cookie", "b=2")
                .add("Transfer-Encoding", "chunked")
                .add("Connection", "close")
                .add("X-RateLimit-Limit", "1000000")
                .add("X-Forwarded-For", "10.0.0.1");
        MultiMap client = MultiMap.caseInsensitiveMultiMap();
        ForwardHeaders.copy(service, client, Set.of("content-length", "content-type"));
        assertThat(client.names()).containsExactlyInAnyOrder("ETag", "Set-Cookie");
        assertThat(client.getAll("Set-Cookie")).containsExactly("a=1", "b=2");
    }
}
