package dev.depot.crypto;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.junit.jupiter.api.Test;

class HashesTest {

    private static final String EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    private static final String ABC_SHA256 = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

    @Test
    void sha256OfTextIsThatOfItsUtf8Bytes() {
        assertThat(Hashes.sha256Hex("")).isEqualTo(EMPTY_SHA256);
        assertThat(Hashes.sha256Hex("abc")).isEqualTo(ABC_SHA256);
        assertThat(Hashes.sha256Hex("abc".getBytes(StandardCharsets.US_ASCII))).isEqualTo(ABC_SHA256);
        assertThat(Hashes.sha256("é")).isEqualTo(Hashes.sha256(new byte[] {(byte) 0xc3, (byte) 0xa9}));
    }

    @Test
    void anIncrementalDigestEqualsTheOneShot() {
        MessageDigest digest = Hashes.sha256();
        digest.update("a".getBytes(StandardCharsets.UTF_8));
        digest.update("bc".getBytes(StandardCharsets.UTF_8));
        assertThat(Hashes.hex(digest.digest())).isEqualTo(ABC_SHA256);
        assertThat(Hashes.sha256()).isNotSameAs(Hashes.sha256());
    }

    @Test
    void md5IsTheRfc1321One() {
        assertThat(Hashes.hex(Hashes.md5().digest("abc".getBytes(StandardCharsets.UTF_8))))
                .isEqualTo("900150983cd24fb0d6963f7d28e17f72");
    }

    @Test
    void sha1IsTheFips180One() {
        assertThat(Hashes.hex(Hashes.sha1().digest("abc".getBytes(StandardCharsets.UTF_8))))
                .isEqualTo("a9993e364706816aba3e25717850c26c9cd0d89d");
    }

    @Test
    void hmacSha256MatchesRfc4231() {
        // RFC 4231, test case 2.
        byte[] mac = Hashes.hmacSha256("Jefe".getBytes(StandardCharsets.UTF_8), "what do ya want for nothing?");
        assertThat(Hashes.hex(mac)).isEqualTo("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    }

    @Test
    void base64UrlHasNoPaddingAndNoPlusOrSlash() {
        assertThat(Hashes.base64Url(new byte[] {(byte) 0xfb, (byte) 0xff})).isEqualTo("-_8");
        assertThat(Hashes.base64Url(Hashes.sha256(""))).isEqualTo("47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU");
    }

    @Test
    void hexIsLowerCase() {
        assertThat(Hashes.hex(new byte[] {0x0a, (byte) 0xbc})).isEqualTo("0abc");
    }

    @Test
    void constantTimeEqualsComparesWholeStringsAndRefusesNull() {
        assertThat(Hashes.constantTimeEquals("secret", "secret")).isTrue();
        assertThat(Hashes.constantTimeEquals("secret", "secreT")).isFalse();
        assertThat(Hashes.constantTimeEquals("secret", "secret2")).isFalse();
        assertThat(Hashes.constantTimeEquals("secret", "")).isFalse();
        assertThat(Hashes.constantTimeEquals("secret", null)).isFalse();
        assertThat(Hashes.constantTimeEquals(null, "secret")).isFalse();
        assertThat(Hashes.constantTimeEquals(null, null)).isFalse();
    }
}
