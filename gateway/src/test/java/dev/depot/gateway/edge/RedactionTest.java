package dev.depot.gateway.edge;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class RedactionTest {

    private final Redaction redaction = new Redaction(
            List.of("token", "sig", "key", "password", "access_token"),
            List.of("/api/cdn/shares/public/{token}", "/cdn/drop/{ticket}"));

    @Test
    void aPublicShareTokenInThePathIsLoggedAsItsPlaceholder() {
        assertThat(redaction.uri("/api/cdn/shares/public/s3cr3t/files/42/download", null))
                .isEqualTo("/api/cdn/shares/public/{token}/files/42/download");
        assertThat(redaction.uri("/api/cdn/shares/public/s3cr3t", null)).isEqualTo("/api/cdn/shares/public/{token}");
        assertThat(redaction.uri("/cdn/drop/t1cket", null)).isEqualTo("/cdn/drop/{ticket}");
        assertThat(redaction.uri("/api/cdn/shares/public/", null)).isEqualTo("/api/cdn/shares/public/");
        assertThat(redaction.uri("/api/cdn/shares/42", null)).isEqualTo("/api/cdn/shares/42");
    }

    @Test
    void secretQueryParametersAreRedactedAndTheRestKept() {
        assertThat(redaction.uri("/cdn/abc/photo.jpg", "exp=1700000000&sig=deadbeef&download=1"))
                .isEqualTo("/cdn/abc/photo.jpg?exp=1700000000&sig=REDACTED&download=1");
        assertThat(redaction.uri("/api/cdn/shares/public/", "token=abc&Password=x&access%5Ftoken=y&key&page=2"))
                .isEqualTo(
                        "/api/cdn/shares/public/?token=REDACTED&Password=REDACTED&access%5Ftoken=REDACTED&key=REDACTED&page=2");
    }
}
