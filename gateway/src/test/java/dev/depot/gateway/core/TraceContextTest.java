package dev.depot.gateway.core;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TraceContextTest {

    private static final String VALID = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    @Test
    void aValidTraceIsContinuedWithTheGatewayAsTheParent() {
        TraceContext t = TraceContext.from(VALID, "congo=t61rcWkgMzE");
        assertThat(t.traceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
        assertThat(t.spanId()).matches("[0-9a-f]{16}").isNotEqualTo("00f067aa0ba902b7");
        assertThat(t.traceparent()).matches("00-4bf92f3577b34da6a3ce929d0e0e4736-[0-9a-f]{16}-01");
        assertThat(t.traceState()).isEqualTo("congo=t61rcWkgMzE");
        assertThat(TraceContext.from(VALID.replace("-01", "-00"), null).flags()).isEqualTo("00");
    }

    @Test
    void anythingElseStartsANewTrace() {
        for (String bad : new String[] {
            null,
            "",
            "garbage",
            VALID.toUpperCase(),
            VALID + "-extra",
            "ff-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
            "00-00000000000000000000000000000000-00f067aa0ba902b7-01",
            "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01"
        }) {
            TraceContext t = TraceContext.from(bad, "dropped=1");
            assertThat(t.traceparent()).as(String.valueOf(bad)).matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01");
            assertThat(t.traceId()).isNotEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
            assertThat(t.traceState()).isNull();
        }
    }

    @Test
    void aLaterVersionIsReadAsFarAsVersion00Goes() {
        TraceContext t =
                TraceContext.from("01-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01-what-comes-next", null);
        assertThat(t.traceId()).isEqualTo("4bf92f3577b34da6a3ce929d0e0e4736");
    }
}
