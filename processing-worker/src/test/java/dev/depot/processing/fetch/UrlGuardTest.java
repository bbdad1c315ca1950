package dev.depot.processing.fetch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.depot.outbound.OutboundTargets;
import dev.depot.processing.derive.Refused;
import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UrlGuardTest {

    private static InetAddress[] ips(String... literals) throws UnknownHostException {
        InetAddress[] out = new InetAddress[literals.length];
        for (int i = 0; i < literals.length; i++) {
            out[i] = InetAddress.getByName(literals[i]);
        }
        return out;
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "http://0177.0.0.1/a.png",
                "http://0x7f.0.0.1/a.png",
                "http://2130706433/a.png",
                "http://127.1/a.png",
                "http://0x7f000001/",
                "http://127.0.0.1./",
                "http://127.000.000.001/",
                "http://1.2.3.04/",
                "http://256.1.1.1/",
                "https://example.com.0x7f/"
            })
    void ipv4AddressesWrittenInAnyButTheCanonicalFormAreRefusedEvenWhenPrivateTargetsAreAllowed(String url) {
        UrlGuard lenient = new UrlGuard(true, host -> ips("93.184.216.34"));
        assertThatThrownBy(() -> lenient.resolve(url))
                .isInstanceOf(Refused.class)
                .hasMessageMatching(
                        "url's host .* (is not an IPv4 address in canonical form.*|is not a valid host name)");
    }

    @Test
    void theNonCanonicalFormsAreRefusedByTheirFormBeforeAnyNameIsLookedUp() {
        for (String host : new String[] {"0177.0.0.1", "0x7f.0.0.1", "2130706433", "127.1"}) {
            assertThatThrownBy(() -> UrlGuard.parse("http://" + host + ":8080/x"))
                    .as(host)
                    .isInstanceOf(Refused.class)
                    .hasMessageContaining("canonical form");
        }
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "127.0.0.1",
                "10.0.0.5",
                "172.16.3.4",
                "192.168.1.1",
                "169.254.169.254",
                "100.64.0.1",
                "0.0.0.0",
                "224.0.0.1",
                "255.255.255.255",
                "::1",
                "::",
                "fe80::1",
                "fd00::1",
                "ff02::1",
                "::ffff:127.0.0.1",
                "64:ff9b::a9fe:a9fe",
                "2002:7f00:1::"
            })
    void loopbackPrivateLinkLocalMulticastAndUnspecifiedAddressesAreRefused(String address) {
        UrlGuard guard = new UrlGuard(false, host -> ips(address));
        assertThatThrownBy(() -> guard.resolve("https://files.example.com/a.png"))
                .as(address)
                .isInstanceOf(Refused.class)
                .hasMessageContaining("loopback, private, link-local or reserved");
    }

    @Test
    void everyAddressTheHostResolvesToIsCheckedNotOnlyTheFirst() {
        UrlGuard guard = new UrlGuard(false, host -> ips("93.184.216.34", "2606:2800:220:1::1", "10.1.2.3"));
        assertThatThrownBy(() -> guard.resolve("https://files.example.com/a.png"))
                .isInstanceOf(Refused.class)
                .hasMessageContaining("10.1.2.3");
    }

    @Test
    void aPublicHostIsFetchedFromTheVeryAddressThatWasChecked() throws Exception {
        int[] lookups = {0};
        UrlGuard guard = new UrlGuard(false, host -> {
            lookups[0]++;
            return ips("93.184.216.34", "2606:2800:220:1::1");
        });
        OutboundTargets.Target t = guard.resolve("https://files.example.com/photos/a.png?v=2");
        assertThat(t.address().getHostAddress()).isEqualTo("93.184.216.34");
        assertThat(t.host()).isEqualTo("files.example.com");
        assertThat(t.port()).isEqualTo(443);
        assertThat(t.ssl()).isTrue();
        assertThat(t.requestUri()).isEqualTo("/photos/a.png?v=2");
        assertThat(lookups[0]).isEqualTo(1);
    }

    @Test
    void loopbackIsAllowedOnlyWhenPrivateTargetsAre() throws Exception {
        String url = "http://127.0.0.1:8099/a.png";
        assertThatThrownBy(() -> new UrlGuard(false).resolve(url))
                .isInstanceOf(Refused.class)
                .hasMessageContaining("127.0.0.1");
        assertThat(new UrlGuard(true).resolve(url).address().isLoopbackAddress())
                .isTrue();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "ftp://example.com/a.png",
                "file:///etc/passwd",
                "gopher://example.com/",
                "//example.com/a",
                "http://user:pw@example.com/a.png",
                "http:///a.png",
                "http://a_b.example/x",
                "http://example.com:99999/",
                "not a url"
            })
    void onlyPlainHttpAndHttpsUrlsWithAHostAndNoCredentialsAreTaken(String url) {
        UrlGuard lenient = new UrlGuard(true, host -> ips("93.184.216.34"));
        assertThatThrownBy(() -> lenient.resolve(url)).as(url).isInstanceOf(Refused.class);
    }

    @Test
    void aHostThatDoesNotResolveIsRefusedWithItsName() {
        UrlGuard guard = new UrlGuard(false, host -> {
            throw new UnknownHostException(host);
        });
        assertThatThrownBy(() -> guard.resolve("https://nowhere.invalid/a"))
                .isInstanceOf(Refused.class)
                .hasMessage("url's host nowhere.invalid does not resolve");
    }
}
