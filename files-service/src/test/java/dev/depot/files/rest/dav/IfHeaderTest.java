package dev.depot.files.rest.dav;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.depot.common.error.ApiException;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The If header and WebDAV paths, decided without a server. */
class IfHeaderTest {

    private static final String TOKEN = "opaquelocktoken:1234";
    private static final IfHeader.State LOCKED = new IfHeader.State("\"abc\"", Set.of(TOKEN));
    private static final IfHeader.State FREE = new IfHeader.State("\"abc\"", Set.of());

    @Test
    void anUntaggedListHoldsWhenAllItsConditionsDo() {
        IfHeader h = IfHeader.parse("(<" + TOKEN + "> [\"abc\"])");
        assertThat(h.tokens()).containsExactly(TOKEN);
        assertThat(h.holds(LOCKED, tag -> null)).isTrue();
        assertThat(h.holds(FREE, tag -> null)).isFalse();
        assertThat(IfHeader.parse("(<" + TOKEN + "> [\"other\"])").holds(LOCKED, tag -> null))
                .isFalse();
    }

    @Test
    void notNegatesAndAnyListMayHold() {
        IfHeader h = IfHeader.parse("(<opaquelocktoken:bogus>) (Not <DAV:no-lock>)");
        assertThat(h.holds(FREE, tag -> null)).isTrue();
        // A negated token is not one the client holds.
        assertThat(IfHeader.parse("(Not <" + TOKEN + ">)").tokens()).isEmpty();
        assertThat(IfHeader.parse("(Not <" + TOKEN + ">)").holds(LOCKED, tag -> null))
                .isFalse();
    }

    @Test
    void aTaggedListIsCheckedAgainstTheResourceItNames() {
        IfHeader h = IfHeader.parse("<http://host/dav/a.txt> (<" + TOKEN + ">)");
        assertThat(h.holds(FREE, tag -> tag.endsWith("/dav/a.txt") ? LOCKED : null))
                .isTrue();
        assertThat(h.holds(LOCKED, tag -> FREE)).isFalse();
        assertThat(h.holds(LOCKED, tag -> null)).isFalse();
    }

    @Test
    void aLastListCutOffIsLeftOutButGarbageIsRefused() {
        IfHeader cut = IfHeader.parse("(<" + TOKEN + "> [\"abc\"]) (Not <DAV:no-lock> [\"ab");
        assertThat(cut.lists()).hasSize(1);
        assertThat(cut.holds(LOCKED, tag -> null)).isTrue();
        IfHeader cutAfterBogus = IfHeader.parse("(<" + TOKEN + "> [\"zzz\"]) (Not <DAV:no-lock> [\"ab");
        assertThat(cutAfterBogus.holds(LOCKED, tag -> null)).isFalse();
        assertThatThrownBy(() -> IfHeader.parse("garbage")).isInstanceOf(ApiException.class);
        assertThatThrownBy(() -> IfHeader.parse("()")).isInstanceOf(ApiException.class);
        assertThatThrownBy(() -> IfHeader.parse("(<a> junk)")).isInstanceOf(ApiException.class);
    }

    @Test
    void pathsAreDecodedPerSegmentAndEncodedBack() {
        assertThat(DavResource.drivePath("/dav/")).isEqualTo("/");
        assertThat(DavResource.drivePath("/dav")).isEqualTo("/");
        assertThat(DavResource.drivePath("/dav/a%20b//c%C3%A9/")).isEqualTo("/a b/cé");
        // '+' is a plus in a path, not a space.
        assertThat(DavResource.drivePath("/dav/1+1.txt")).isEqualTo("/1+1.txt");
        assertThat(DavResource.encode("a b/é#?")).isEqualTo("a%20b%2F%C3%A9%23%3F");
        assertThat(DavResource.hrefOf("", "/a b", true)).isEqualTo("/dav/a%20b/");
        assertThat(DavResource.hrefOf("/depot", "/", false)).isEqualTo("/depot/dav/");
        for (String bad : new String[] {"/dav/%2e%2e/x", "/dav/a%2Fb", "/dav/%zz", "/dav/x%4"}) {
            assertThatThrownBy(() -> DavResource.drivePath(bad)).as(bad).isInstanceOf(ApiException.class);
        }
    }
}
