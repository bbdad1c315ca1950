package dev.depot.analytics.webhook;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SignaturesTest {

    @Test
    void theSignatureIsAnHmacOfTheTimestampAndTheBody() {
        // The header names the timestamp it signed; the HMAC itself against a published test vector.
        assertThat(Signatures.header("whsec_test", 1700000000L, "{\"a\":1}"))
                .isEqualTo("t=1700000000,v1=" + Signatures.hmac("whsec_test", "1700000000.{\"a\":1}"));
        assertThat(Signatures.hmac("key", "The quick brown fox jumps over the lazy dog"))
                .isEqualTo("f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8");
    }

    @Test
    void secretsAreLongAndNeverRepeat() {
        String a = Signatures.newSecret();
        assertThat(a).startsWith("whsec_").hasSize(6 + 43);
        assertThat(Signatures.newSecret()).isNotEqualTo(a);
    }
}
