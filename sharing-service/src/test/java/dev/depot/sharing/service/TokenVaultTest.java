package dev.depot.sharing.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.depot.sharing.config.SharingConfig;
import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class TokenVaultTest {

    private static TokenVault vault(String key) {
        SharingConfig config = new SharingConfig() {
            public java.util.List<java.net.URI> filesUrl() {
                return java.util.List.of(java.net.URI.create("http://127.0.0.1:1"));
            }

            public Optional<String> tokenKey() {
                return Optional.ofNullable(key);
            }

            public int passwordAttempts() {
                return 5;
            }

            public Duration passwordWindow() {
                return Duration.ofMinutes(15);
            }

            public Duration downloadLinkTtl() {
                return Duration.ofHours(1);
            }

            public Duration dropTicketTtl() {
                return Duration.ofHours(1);
            }
        };
        return new TokenVault(config, Optional::empty);
    }

    @Test
    void tokensAreLongUrlSafeAndUnique() {
        TokenVault v = vault("k1");
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 1000; i++) {
            String t = v.newToken();
            assertThat(t).hasSize(43).matches("[A-Za-z0-9_-]+");
            assertThat(seen.add(t)).isTrue();
        }
    }

    @Test
    void theStoredFormsRevealNothingWithoutTheKey() {
        TokenVault v = vault("k1");
        String token = v.newToken();
        String sealed = v.seal(token);
        assertThat(sealed).doesNotContain(token);
        assertThat(TokenVault.hash(token)).hasSize(64).doesNotContain(token);
        assertThat(v.unseal(sealed)).isEqualTo(token);
        assertThat(vault("another key").unseal(sealed)).isNull();
        assertThat(v.unseal(sealed.substring(0, sealed.length() - 2) + "AA")).isNull();
        assertThat(v.seal(token)).isNotEqualTo(sealed);
    }

    @Test
    void downloadKeysAreBoundToShareFileAndExpiry() {
        TokenVault v = vault("k1");
        UUID share = UUID.randomUUID();
        UUID file = UUID.randomUUID();
        String key = v.signDownload(share, file, 100);
        assertThat(v.verifyDownload(share, file, 100, key)).isTrue();
        assertThat(v.verifyDownload(share, file, 101, key)).isFalse();
        assertThat(v.verifyDownload(share, UUID.randomUUID(), 100, key)).isFalse();
        assertThat(v.verifyDownload(UUID.randomUUID(), file, 100, key)).isFalse();
        assertThat(vault("k2").verifyDownload(share, file, 100, key)).isFalse();
        assertThat(v.verifyDownload(share, file, 100, null)).isFalse();
    }

    @Test
    void withoutAnyKeyTheServiceRefusesToStart() {
        assertThatThrownBy(() -> vault(null)).isInstanceOf(IllegalStateException.class);
    }
}
