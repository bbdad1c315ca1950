package dev.depot.gateway.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import dev.depot.gateway.config.GatewayConfig.RateKey;
import dev.depot.gateway.core.Policy;
import dev.depot.gateway.core.Refusal;
import io.vertx.core.MultiMap;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** What a request declares up front, checked before it is routed, identified or read. */
class AdmissionStageTest {

    private static final Policy POLICY = new Policy(
            "uploads", 10, RateKey.USER, Duration.ofMinutes(1), 1000, Duration.ofSeconds(30), Duration.ofSeconds(60));

    private final AdmissionStage admission = new AdmissionStage(64, 200);

    @Test
    void dotSegmentsThatCouldLeaveAServicePrefixAreFound() {
        assertThat(AdmissionStage.hasDotSegments("/api/cdn/files/../../internal/users"))
                .isTrue();
        assertThat(AdmissionStage.hasDotSegments("/api/cdn/files/./x")).isTrue();
        assertThat(AdmissionStage.hasDotSegments("/api/cdn/files/..")).isTrue();
        assertThat(AdmissionStage.hasDotSegments("/..")).isTrue();
        // Percent-encoded dots and slashes, in either case, and backslashes some servers take as slashes.
        assertThat(AdmissionStage.hasDotSegments("/api/cdn/files/%2e%2e/internal"))
                .isTrue();
        assertThat(AdmissionStage.hasDotSegments("/api/cdn/files/%2E%2E/internal"))
                .isTrue();
        assertThat(AdmissionStage.hasDotSegments("/api/cdn/files/.%2e/internal"))
                .isTrue();
        assertThat(AdmissionStage.hasDotSegments("/api/cdn/files/a%2Finternal")).isTrue();
        assertThat(AdmissionStage.hasDotSegments("/api/cdn/files\\..\\internal"))
                .isTrue();
    }

    @Test
    void dotsInsideNamesAreNotSegments() {
        assertThat(AdmissionStage.hasDotSegments("/api/cdn/files/report.final.pdf"))
                .isFalse();
        assertThat(AdmissionStage.hasDotSegments("/api/cdn/files/..hidden")).isFalse();
        assertThat(AdmissionStage.hasDotSegments("/api/cdn/files/.../x")).isFalse();
        assertThat(AdmissionStage.hasDotSegments("/assets/app-3f2a1b.js")).isFalse();
        assertThat(AdmissionStage.hasDotSegments("/")).isFalse();
    }

    @Test
    void aTargetTooLongIs414AndAPathWithDotSegmentsOrNoneIs400() {
        Refusal tooLong = admission
                .checkTarget("/" + "a".repeat(64), "/" + "a".repeat(64))
                .orElseThrow();
        assertThat(tooLong.status()).isEqualTo(414);
        assertThat(tooLong.error()).isEqualTo("UriTooLong");
        assertThat(tooLong.details().getInteger("max_uri_length")).isEqualTo(64);

        Refusal dots = admission.checkTarget("/a/../b?x=1", "/a/../b").orElseThrow();
        assertThat(dots.status()).isEqualTo(400);
        assertThat(dots.error()).isEqualTo("ValidationError");
        assertThat(dots.message()).isEqualTo("the path may not contain '.' or '..' segments");
        assertThat(admission.checkTarget("*", null).orElseThrow().status()).isEqualTo(400);

        assertThat(admission.checkTarget("/" + "a".repeat(63), "/" + "a".repeat(63)))
                .isEmpty();
    }

    @Test
    void headersAreCountedAsOnTheWire() {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap()
                .add("Accept", "*/*")
                .add("X-A", "1")
                .add("X-A", "2");
        // Name, value, ": " and CRLF for each line; a repeated header is a line each time.
        assertThat(AdmissionStage.headerBytes(headers)).isEqualTo((6 + 3 + 4) + 2 * (3 + 1 + 4));
    }

    @Test
    void headersOverTheLimitAre431() {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap().add("Cookie", "c".repeat(191));
        Refusal refusal = admission.checkSize(headers, POLICY).orElseThrow();
        assertThat(refusal.status()).isEqualTo(431);
        assertThat(refusal.error()).isEqualTo("RequestHeaderFieldsTooLarge");
        assertThat(refusal.details().getLong("max_header_size")).isEqualTo(200L);
        assertThat(admission.checkSize(MultiMap.caseInsensitiveMultiMap().add("Cookie", "c".repeat(190)), POLICY))
                .as("exactly the limit")
                .isEmpty();
    }

    @Test
    void aDeclaredBodyOverThePolicyIs413WhateverItsForm() {
        Refusal refusal = admission.checkSize(length("1001"), POLICY).orElseThrow();
        assertThat(refusal.status()).isEqualTo(413);
        assertThat(refusal.error()).isEqualTo("PayloadTooLarge");
        assertThat(refusal.message()).isEqualTo("the request body is larger than 1000 bytes");
        assertThat(refusal.details().getLong("max_body_size")).isEqualTo(1000L);
        assertThat(refusal.details().getString("policy")).isEqualTo("uploads");
        // A length that is not a number cannot be trusted to be small.
        assertThat(admission.checkSize(length("12abc"), POLICY)).isPresent();
        assertThat(admission.checkSize(length("99999999999999999999999"), POLICY))
                .isPresent();

        assertThat(admission.checkSize(length("1000"), POLICY)).isEmpty();
        assertThat(admission.checkSize(length(" 10 "), POLICY)).isEmpty();
        assertThat(admission.checkSize(MultiMap.caseInsensitiveMultiMap(), POLICY))
                .as("chunked: counted later")
                .isEmpty();
    }

    private static MultiMap length(String value) {
        return MultiMap.caseInsensitiveMultiMap().add("Content-Length", value);
    }
}
