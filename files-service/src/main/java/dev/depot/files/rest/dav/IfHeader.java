package dev.depot.files.rest.dav;

import dev.depot.common.error.ApiException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The WebDAV If header (RFC 4918 section 10.4): lists of conditions on lock tokens and entity tags,
 * each list for the request's resource or for the resource its tag names. The header holds when one
 * list holds; every token in it counts as submitted, which is what unlocks a locked resource.
 */
record IfHeader(List<TaggedList> lists) {

    /** One condition: a state token or an entity tag, possibly negated. */
    record Condition(boolean not, String token, String etag) {}

    /** Conditions that must all hold, for the resource at {@code tag} (null: the request's own). */
    record TaggedList(String tag, List<Condition> conditions) {}

    /** What a condition is checked against: the resource's entity tag and the tokens of the locks on it. */
    record State(String etag, Set<String> lockTokens) {}

    interface States {
        /** The state of the resource a tag names (an absolute URL or path), or null if it is none of ours. */
        State of(String tag);
    }

    static IfHeader parse(String header) {
        List<TaggedList> lists = new ArrayList<>();
        if (header == null || header.isBlank()) {
            return new IfHeader(lists);
        }
        String tag = null;
        int i = 0;
        int n = header.length();
        while (i < n) {
            char c = header.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '<') {
                int end = header.indexOf('>', i);
                if (end < 0) {
                    throw invalid();
                }
                tag = header.substring(i + 1, end);
                i = end + 1;
            } else if (c == '(') {
                List<Condition> conditions = new ArrayList<>();
                i++;
                boolean not = false;
                while (true) {
                    while (i < n && Character.isWhitespace(header.charAt(i))) {
                        i++;
                    }
                    if (i >= n || cutShort(header, i)) {
                        // A last list cut off before its end (litmus writes its If headers into 200
                        // bytes, which 64-digit entity tags overflow) is left out: with fewer lists
                        // the header can only hold less often, and its tokens are not counted.
                        return new IfHeader(lists);
                    }
                    char d = header.charAt(i);
                    if (d == ')') {
                        i++;
                        break;
                    }
                    if (header.regionMatches(true, i, "Not", 0, 3)) {
                        not = true;
                        i += 3;
                    } else if (d == '<') {
                        int end = header.indexOf('>', i);
                        if (end < 0) {
                            throw invalid();
                        }
                        conditions.add(new Condition(not, header.substring(i + 1, end), null));
                        not = false;
                        i = end + 1;
                    } else if (d == '[') {
                        int end = header.indexOf(']', i);
                        if (end < 0) {
                            throw invalid();
                        }
                        conditions.add(new Condition(
                                not, null, header.substring(i + 1, end).trim()));
                        not = false;
                        i = end + 1;
                    } else {
                        throw invalid();
                    }
                }
                if (conditions.isEmpty()) {
                    throw invalid();
                }
                lists.add(new TaggedList(tag, conditions));
            } else {
                throw invalid();
            }
        }
        return new IfHeader(lists);
    }

    /** Whether the condition at {@code i} runs to the end of the header without closing. */
    private static boolean cutShort(String header, int i) {
        char c = header.charAt(i);
        return c == '<' && header.indexOf('>', i) < 0 || c == '[' && header.indexOf(']', i) < 0;
    }

    private static ApiException invalid() {
        return ApiException.validation("the If header cannot be read");
    }

    boolean isEmpty() {
        return lists.isEmpty();
    }

    /** Every lock token the header names, negated or not: the tokens the client holds. */
    Set<String> tokens() {
        Set<String> out = new LinkedHashSet<>();
        for (TaggedList l : lists) {
            for (Condition c : l.conditions()) {
                if (c.token() != null && !c.not()) {
                    out.add(c.token());
                }
            }
        }
        return out;
    }

    /** Whether one list holds, an untagged one checked against {@code own}. */
    boolean holds(State own, States tagged) {
        for (TaggedList l : lists) {
            State s = l.tag() == null ? own : tagged.of(l.tag());
            if (s != null && l.conditions().stream().allMatch(c -> holds(c, s))) {
                return true;
            }
        }
        return false;
    }

    private static boolean holds(Condition c, State s) {
        boolean match = c.token() != null
                ? s.lockTokens().contains(c.token())
                : s.etag() != null && s.etag().equals(c.etag());
        return c.not() != match;
    }
}
