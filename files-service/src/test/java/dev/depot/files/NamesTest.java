package dev.depot.files;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.depot.common.error.ApiException;
import java.text.Normalizer;
import org.junit.jupiter.api.Test;

/** Names, without a server: what is refused and why, what is cleaned, and that all of it ends in NFC. */
class NamesTest {

    static ApiException refusal(String field, String name) {
        try {
            Names.check(field, name);
        } catch (ApiException e) {
            return e;
        }
        throw new AssertionError("'" + name + "' was accepted");
    }

    @Test
    void controlCharactersOfEveryKindAreRefusedNamingTheCodePoint() {
        for (int c : new int[] {0x00, 0x01, 0x09, 0x0a, 0x1f, 0x7f, 0x80, 0x85, 0x9f}) {
            ApiException e = refusal("name", "a" + (char) c + "b");
            assertThat(e.status()).isEqualTo(400);
            assertThat(e.getMessage()).contains("control characters").contains(String.format("U+%04X", c));
            assertThat(e.details()).containsKey("name");
        }
        // At the ends too, where trimming would otherwise hide them.
        assertThat(refusal("name", "report.pdf\n").getMessage()).contains("U+000A");
    }

    @Test
    void bidirectionalOverridesAndIsolatesAreRefused() {
        for (int c = 0x202A; c <= 0x202E; c++) {
            assertThat(refusal("filename", "evil" + (char) c + "gpj.exe").getMessage())
                    .contains("bidirectional")
                    .contains(String.format("U+%04X", c));
        }
        for (int c = 0x2066; c <= 0x2069; c++) {
            assertThat(refusal("filename", (char) c + "x").details()).containsKey("filename");
        }
        // Neighbours that are not controls stay allowed.
        assertThat(Names.check("name", "a\u2070b\u2065")).isEqualTo("a\u2070b\u2065");
    }

    @Test
    void theLimitIs255BytesOfUtf8NotCharacters() {
        assertThat(Names.check("name", "a".repeat(255))).hasSize(255);
        assertThat(refusal("name", "a".repeat(256)).getMessage()).contains("255 bytes");
        assertThat(Names.check("name", "€".repeat(85))).hasSize(85);
        assertThat(refusal("name", "é".repeat(128)).getMessage()).contains("255 bytes");
        assertThat(refusal("name", "😀".repeat(64)).getMessage()).contains("255 bytes");
        assertThat(Names.check("name", "😀".repeat(63) + "abc")).hasSize(129);
    }

    @Test
    void loneSurrogatesAreRefusedAndPairsKept() {
        assertThat(refusal("name", "a\ud800b").getMessage()).contains("Unicode");
        assertThat(refusal("name", "a\udc00").getMessage()).contains("Unicode");
        assertThat(Names.check("name", "a\ud83d\ude00b")).isEqualTo("a😀b");
    }

    @Test
    void explicitNamesAreTrimmedAndNfc() {
        assertThat(Names.check("name", "  Cafe\u0301 ")).isEqualTo("Caf\u00e9");
        assertThat(Names.check("name", "\u212b")).isEqualTo("\u00c5");
        assertThatThrownBy(() -> Names.check("name", "a/b")).isInstanceOf(ApiException.class);
        assertThatThrownBy(() -> Names.check("name", "..")).isInstanceOf(ApiException.class);
        assertThatThrownBy(() -> Names.check("name", " ")).isInstanceOf(ApiException.class);
    }

    @Test
    void dotSegmentsAreRefusedButDotsWithinANameAreNot() {
        for (String dots : new String[] {".", "..", " .. "}) {
            ApiException e = refusal("name", dots);
            assertThat(e.status()).as(dots).isEqualTo(400);
            assertThat(e.getMessage()).as(dots).contains("may not be '.' or '..'");
            assertThat(e.details()).as(dots).containsKey("name");
        }
        for (String name : new String[] {"...", ".hidden", "a..b", "..x", "x.."}) {
            assertThat(Names.check("name", name)).isEqualTo(name);
        }
    }

    @Test
    void clientFilenamesAreCleanedNotRefused() {
        assertThat(Names.sanitize("re\u0000port.png")).isEqualTo("report.png");
        assertThat(Names.sanitize("evil\u202egpj.exe")).isEqualTo("evilgpj.exe");
        assertThat(Names.sanitize("\u2066a\u2069\t\u0085.txt")).isEqualTo("a.txt");
        assertThat(Names.sanitize("dir/se\u0301ance.png")).isEqualTo("s\u00e9ance.png");
        assertThat(Names.sanitize("x\ud800y")).isEqualTo("xy");
        assertThat(Names.sanitize("\u0000\u202e")).isEqualTo("upload");
        assertThat(Names.sanitize("CON.txt")).isEqualTo("_CON.txt");
    }

    @Test
    void longClientFilenamesAreCutAtACharacterKeepingTheExtension() {
        String cut = Names.sanitize("é".repeat(200) + ".jpeg");
        assertThat(Names.utf8Length(cut)).isLessThanOrEqualTo(255);
        assertThat(cut).endsWith(".jpeg").startsWith("éé").doesNotContain("\ufffd");
        String emoji = Names.sanitize("😀".repeat(100));
        assertThat(Names.utf8Length(emoji)).isEqualTo(252);
        assertThat(emoji.codePoints().allMatch(c -> c == 0x1F600)).isTrue();
        // Decomposed, 300 bytes; composed, within the limit: nothing is cut.
        String decomposed = "e\u0301".repeat(100);
        assertThat(Names.sanitize(decomposed)).isEqualTo("\u00e9".repeat(100));
    }

    @Test
    void originalsKeepThePathButNothingHostile() {
        assertThat(Names.original("../a\u0000b/c\u202e.png")).isEqualTo("../ab/c.png");
        assertThat(Names.original("\u0000")).isNull();
        assertThat(Names.original(null)).isNull();
        String original = Names.original("Cafe\u0301.txt");
        assertThat(Normalizer.isNormalized(original, Normalizer.Form.NFC)).isTrue();
    }

    @Test
    void numberedNamesStayWithinTheLimit() {
        assertThat(Names.numbered("report.pdf", 2)).isEqualTo("report (2).pdf");
        String longest = "a".repeat(251) + ".pdf";
        String numbered = Names.numbered(longest, 12);
        assertThat(Names.utf8Length(numbered)).isEqualTo(255);
        assertThat(numbered).endsWith(" (12).pdf");
    }

    @Test
    void clientNamesThatAreRefusedRatherThanCleaned() {
        assertThat(Names.checkClientName("filename", "dir/se\u0301ance.png")).isEqualTo("dir/s\u00e9ance.png");
        assertThatThrownBy(() -> Names.checkClientName("filename", "a\u0000"))
                .isInstanceOf(ApiException.class)
                .hasMessageContaining("U+0000");
        assertThatThrownBy(() -> Names.checkClientName("filename", "x".repeat(256)))
                .isInstanceOf(ApiException.class)
                .hasMessageContaining("255 bytes");
        assertThatThrownBy(() -> Names.searchTerm("q", "a\u0000"))
                .isInstanceOf(ApiException.class)
                .hasMessageContaining("q may not");
        assertThat(Names.searchTerm("q", " pin\u0303 ")).isEqualTo("pi\u00f1");
    }
}
