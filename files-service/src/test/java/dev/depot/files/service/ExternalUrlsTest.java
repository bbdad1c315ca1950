package dev.depot.files.service;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Which external URLs Depot may redirect to, without a server. */
class ExternalUrlsTest {

    static final List<String> HOSTS = List.of("cdn.example.com", "*.files.example.org");

    @Test
    void nothingIsAllowedByDefault() {
        assertThat(ExternalUrls.allowed("https://cdn.example.com/a.pdf", List.of()))
                .isFalse();
    }

    @Test
    void anAllowedHostAndTheSubdomainsOfAWildcard() {
        assertThat(ExternalUrls.allowed("https://cdn.example.com/a.pdf", HOSTS)).isTrue();
        assertThat(ExternalUrls.allowed("http://CDN.Example.COM./a.pdf", HOSTS)).isTrue();
        assertThat(ExternalUrls.allowed("https://cdn.example.com:8443/a.pdf", HOSTS))
                .isTrue();
        assertThat(ExternalUrls.allowed("https://eu.files.example.org/a.pdf", HOSTS))
                .isTrue();
        assertThat(ExternalUrls.allowed("https://a.b.files.example.org/a.pdf", HOSTS))
                .isTrue();
    }

    @Test
    void lookalikesOtherSchemesAndUnparseableUrlsAreNot() {
        assertThat(ExternalUrls.allowed("https://evil.example/phish", HOSTS)).isFalse();
        assertThat(ExternalUrls.allowed("https://cdn.example.com.evil.example/", HOSTS))
                .isFalse();
        assertThat(ExternalUrls.allowed("https://evilcdn.example.com/", HOSTS)).isFalse();
        assertThat(ExternalUrls.allowed("https://files.example.org/", HOSTS)).isFalse();
        assertThat(ExternalUrls.allowed("https://cdn.example.com@evil.example/", HOSTS))
                .isFalse();
        assertThat(ExternalUrls.allowed("https://cdn.example.com\\@evil.example/", HOSTS))
                .isFalse();
        assertThat(ExternalUrls.allowed("javascript://cdn.example.com/%0aalert(1)", HOSTS))
                .isFalse();
        assertThat(ExternalUrls.allowed("//cdn.example.com/a", HOSTS)).isFalse();
        assertThat(ExternalUrls.allowed("https:///a", HOSTS)).isFalse();
        assertThat(ExternalUrls.allowed(null, HOSTS)).isFalse();
    }
}
