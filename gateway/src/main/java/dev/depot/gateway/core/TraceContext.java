package dev.depot.gateway.core;

import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * W3C trace context (traceparent / tracestate) as the gateway passes it on: a valid incoming trace
 * is continued with the gateway as a new span in it, anything else starts a new trace. OpenTelemetry
 * in the services picks it up from the headers.
 */
public record TraceContext(String traceId, String spanId, String flags, String traceState) {

    private static final Pattern TRACEPARENT =
            Pattern.compile("([0-9a-f]{2})-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})(-.*)?");
    private static final String ZERO_TRACE = "0".repeat(32);
    private static final String ZERO_SPAN = "0".repeat(16);
    private static final int MAX_TRACESTATE = 512;

    /** Continues the caller's trace when its traceparent is valid, else starts a sampled one. */
    public static TraceContext from(String traceparent, String tracestate) {
        if (traceparent != null) {
            var m = TRACEPARENT.matcher(traceparent.trim());
            if (m.matches()) {
                String version = m.group(1);
                boolean valid = !version.equals("ff")
                        && (!version.equals("00") || m.group(5) == null)
                        && !m.group(2).equals(ZERO_TRACE)
                        && !m.group(3).equals(ZERO_SPAN);
                if (valid) {
                    String state = tracestate == null || tracestate.length() > MAX_TRACESTATE ? null : tracestate;
                    return new TraceContext(m.group(2), newSpanId(), m.group(4), state);
                }
            }
        }
        return new TraceContext(randomHex(16, ZERO_TRACE), newSpanId(), "01", null);
    }

    /** The header for the next hop: this trace, with the gateway's span as the parent. */
    public String traceparent() {
        return "00-" + traceId + "-" + spanId + "-" + flags;
    }

    private static String newSpanId() {
        return randomHex(8, ZERO_SPAN);
    }

    private static String randomHex(int bytes, String zero) {
        byte[] b = new byte[bytes];
        String hex;
        do {
            ThreadLocalRandom.current().nextBytes(b);
            hex = HexFormat.of().formatHex(b);
        } while (hex.equals(zero));
        return hex;
    }
}
