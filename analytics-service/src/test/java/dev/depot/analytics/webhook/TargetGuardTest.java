package dev.depot.analytics.webhook;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.depot.outbound.OutboundTargets;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which addresses a webhook may reach with private targets disallowed, and which URLs are webhook URLs at all. */
class TargetGuardTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "127.0.0.1",
                "127.255.0.9",
                "0.0.0.0",
                "0.1.2.3",
                "10.0.0.1",
                "172.16.0.1",
                "172.31.255.255",
                "192.168.0.1",
                "169.254.169.254",
                "100.64.0.1",
                "100.127.255.255",
                "192.0.0.8",
                "192.0.2.1",
                "198.18.0.1",
                "198.51.100.7",
                "203.0.113.5",
                "224.0.0.1",
                "240.0.0.1",
                "255.255.255.255",
                "::",
                "::1",
                "fe80::1",
                "fc00::1",
                "fd12:3456::1",
                "fec0::1",
                "ff02::1",
                "::ffff:10.0.0.1",
                "::ffff:127.0.0.1",
                "::127.0.0.1",
                "64:ff9b::7f00:1",
                "64:ff9b::a9fe:a9fe",
                "2002:7f00:1::1",
                "2002:c0a8:101::1",
                "2001:db8::1",
                "2001::1",
                "100::1"
            })
    void internalAddressesAreNotPublic(String address) throws UnknownHostException {
        assertThat(OutboundTargets.isPublic(InetAddress.getByName(address)))
                .as(address)
                .isFalse();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "93.184.215.14",
                "1.1.1.1",
                "8.8.8.8",
                "172.32.0.1",
                "172.15.255.255",
                "100.128.0.1",
                "192.169.0.1",
                "2606:4700:4700::1111",
                "2a00:1450:4001:800::200e",
                "64:ff9b::808:808",
                "2002:808:808::1"
            })
    void publicAddressesArePublic(String address) throws UnknownHostException {
        assertThat(OutboundTargets.isPublic(InetAddress.getByName(address)))
                .as(address)
                .isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "ftp://example.com/",
                "file:///etc/passwd",
                "gopher://example.com",
                "example.com/hook",
                "https:///nohost",
                "https://user:secret@example.com/",
                "http://exa mple.com/",
                "https://example.com:99999/"
            })
    void onlyPlainHttpUrlsAreWebhookUrls(String url) {
        assertThatThrownBy(() -> OutboundTargets.parse(url)).isInstanceOf(OutboundTargets.Refused.class);
    }

    @ParameterizedTest
    @ValueSource(
            strings = {"http://0177.0.0.1/hook", "http://0x7f.0.0.1/hook", "http://2130706433/hook", "http://127.1/hook"
            })
    void ipv4AddressesNotWrittenAsFourDecimalPartsAreRefused(String url) {
        assertThatThrownBy(() -> OutboundTargets.parse(url))
                .isInstanceOf(OutboundTargets.Refused.class)
                .hasMessageContaining("canonical form");
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://example.com/hook", "http://example.com:8080/a/b?c=d", "https://[2606:4700::1]/x"})
    void httpAndHttpsUrlsAre(String url) {
        assertThat(OutboundTargets.parse(url).getHost()).isNotBlank();
    }
}
