package dev.depot.system.fuzz;

import dev.depot.system.fuzz.ApiCatalog.Field;
import dev.depot.system.fuzz.ApiCatalog.Operation;
import dev.depot.system.fuzz.ApiCatalog.Param;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Builds one request for an operation: every parameter, header and body field gets a value that is
 * valid for the user (their own ids, mostly), except one or two places that get a hostile one. What
 * was made hostile is recorded with the request, so a failure says what provoked it.
 */
public final class CaseMaker {

    /** Who the requests are made as, and what they may name. */
    public record Identity(String userId, String token, String apiToken, Pools own, Pools stranger, String hookUrl) {}

    /** {@code protocol} names the HTTP-level hostility, if any: its failures are the server's, whatever the route. */
    public record Case(Operation op, boolean direct, RawHttp.Request request, List<String> hostile, String protocol) {}

    /** Kinds that are capabilities rather than ids: whoever holds one may use it, so another user's are not offered. */
    private static final java.util.Set<String> CAPABILITIES =
            java.util.Set.of("publicToken", "link", "dropTicket", "transferTicket", "signed");

    private static final List<String> URL_STRINGS =
            Hostile.STRINGS.stream().filter(s -> encode(s).length() < 2_000).toList();

    private final Identity who;

    public CaseMaker(Identity who) {
        this.who = who;
    }

    public Case make(Random r, Operation op, boolean direct) {
        return new Build(r, op, direct).make();
    }

    /** The state of one request while it is made. */
    private final class Build {
        final Random r;
        final Operation op;
        final boolean direct;
        final List<String> hostile = new ArrayList<>();
        final List<String> targets = new ArrayList<>();
        /** Values that must agree with each other: a public link's token and its file, a signed URL's parts. */
        final String[] link;

        final String[] signed;

        Build(Random r, Operation op, boolean direct) {
            this.r = r;
            this.op = op;
            this.direct = direct;
            String l = who.own().pick(r, "link");
            link = l == null ? new String[] {Hostile.uuid(r), Hostile.uuid(r)} : l.split("\\|", -1);
            String s = who.own().pick(r, "signed");
            signed = s == null ? new String[] {Hostile.uuid(r), "x.txt", "1", "x"} : s.split("\\|", -1);
        }

        Case make() {
            chooseTargets();
            String path = path();
            String query = query();
            RawHttp.Request req = new RawHttp.Request(op.method(), path + query);
            auth(req);
            headers(req);
            body(req);
            if (targets.contains("extra-header")) {
                extraHeader(req);
            }
            String protocol = null;
            if (targets.contains("protocol")) {
                req = protocol(req);
                protocol = hostile.get(hostile.size() - 1);
            }
            return new Case(op, direct, req, hostile, protocol);
        }

        /** Where this request is hostile: usually one place, sometimes two, now and then nowhere. */
        void chooseTargets() {
            List<String> candidates = new ArrayList<>();
            for (Param p : op.params()) {
                candidates.add(p.in() + ":" + p.name());
                if (p.in().equals("path")) {
                    candidates.add(p.in() + ":" + p.name());
                }
            }
            boolean bodied =
                    !op.bodies().isEmpty() || op.mutating() && !op.method().equals("DELETE");
            if (bodied) {
                for (int i = 0; i < 4; i++) {
                    candidates.add("body");
                }
            }
            candidates.add("extra-query");
            candidates.add("extra-header");
            candidates.add("extra-header");
            candidates.add("auth");
            if (!direct && r.nextInt(4) == 0) {
                candidates.add("protocol");
            }
            double roll = r.nextDouble();
            int n = roll < 0.06 ? 0 : roll < 0.8 ? 1 : 2;
            for (int i = 0; i < n; i++) {
                targets.add(Hostile.pick(r, candidates));
            }
        }

        // --- where values go ---

        String path() {
            String path = op.path();
            for (Param p : op.params("path")) {
                String value;
                if (targets.contains("path:" + p.name())) {
                    value = Hostile.pick(r, URL_STRINGS);
                    if (r.nextInt(3) == 0) {
                        value = Hostile.text(r, p.type());
                        value = encode(value).length() < 2_000 ? value : "x";
                    }
                    hostile.add("path " + p.name() + "=" + show(value));
                } else {
                    value = valid(p.name(), p.type());
                }
                path = path.replace("{" + p.name() + "}", encode(value));
            }
            // Template variables the document does not declare (a signed URL's file name).
            java.util.regex.Matcher undeclared =
                    java.util.regex.Pattern.compile("\\{([^}]+)}").matcher(path);
            while (undeclared.find()) {
                path = path.replace(undeclared.group(), encode(valid(undeclared.group(1), "string")));
                undeclared = java.util.regex.Pattern.compile("\\{([^}]+)}").matcher(path);
            }
            if (!path.startsWith("/cdn/") && !path.endsWith("/") && r.nextBoolean()) {
                path = path + "/";
            }
            return path;
        }

        String query() {
            List<String> pairs = new ArrayList<>();
            for (Param p : op.params("query")) {
                boolean bad = targets.contains("query:" + p.name());
                if (!bad && !p.required() && r.nextInt(10) < 4) {
                    continue;
                }
                String value = bad ? Hostile.pick(r, URL_STRINGS) : valid(p.name(), p.type());
                if (bad) {
                    if (r.nextBoolean()) {
                        value = Hostile.text(r, p.type());
                        value = encode(value).length() < 2_000 ? value : "1e309";
                    }
                    hostile.add("query " + p.name() + "=" + show(value));
                }
                pairs.add(encode(p.name()) + "=" + encode(value));
            }
            if (targets.contains("extra-query")) {
                List<Param> declared = op.params("query");
                String name =
                        declared.isEmpty() ? "page" : Hostile.pick(r, declared).name();
                switch (r.nextInt(7)) {
                    case 0 -> pairs.add(encode(name) + "=" + encode(Hostile.pick(r, URL_STRINGS)));
                    case 1 -> pairs.add("zz_unknown=1");
                    case 2 -> pairs.add(encode(name) + "%5B%5D=1");
                    case 3 -> pairs.add(encode(name));
                    case 4 -> pairs.add("=&&=&" + encode(name) + "==");
                    case 5 -> {
                        for (int i = 0; i < 300; i++) {
                            pairs.add(encode(name) + "=" + i);
                        }
                    }
                    default ->
                        pairs.add(encode(name) + "=" + encode(valid(name, "string")) + "&" + encode(name) + "="
                                + encode(Hostile.pick(r, URL_STRINGS)));
                }
                hostile.add("extra query: " + show(pairs.get(pairs.size() - 1)));
            }
            return pairs.isEmpty() ? "" : "?" + String.join("&", pairs);
        }

        void auth(RawHttp.Request req) {
            if (!targets.contains("auth")) {
                if (!direct && who.apiToken() != null && r.nextInt(12) == 0) {
                    req.header("Authorization", "Bearer " + who.apiToken());
                } else {
                    req.header("Authorization", "Bearer " + who.token());
                }
                return;
            }
            String token = who.token();
            String[] jwt = token.split("\\.");
            switch (r.nextInt(9)) {
                case 0 -> hostile.add("no credentials");
                case 1 -> {
                    String junk = headerSafe(Hostile.pick(r, Hostile.STRINGS));
                    req.header("Authorization", "Bearer " + junk);
                    hostile.add("Authorization: Bearer " + show(junk));
                }
                case 2 -> {
                    req.header(
                            "Authorization",
                            Hostile.pick(
                                    r,
                                    List.of(
                                            "Bearer",
                                            "Bearer ",
                                            "bearer " + token,
                                            "Basic " + b64("admin:admin"),
                                            "Digest x",
                                            "Bearer " + token + " extra",
                                            token)));
                    hostile.add("malformed Authorization");
                }
                case 3 -> {
                    String none = b64url("{\"alg\":\"none\",\"typ\":\"JWT\"}") + "." + (jwt.length > 1 ? jwt[1] : "e30")
                            + ".";
                    req.header("Authorization", "Bearer " + none);
                    hostile.add("unsigned (alg none) token");
                }
                case 4 -> {
                    String tampered = jwt.length == 3
                            ? jwt[0] + "."
                                    + b64url("{\"sub\":\"" + Hostile.uuid(r)
                                            + "\",\"iss\":\"depot\",\"exp\":99999999999}")
                                    + "." + jwt[2]
                            : token + "x";
                    req.header("Authorization", "Bearer " + tampered);
                    hostile.add("token with a forged payload");
                }
                case 5 -> {
                    req.header("Cookie", "access_token=" + token);
                    req.header(
                            "Origin",
                            Hostile.pick(r, List.of("http://evil.example", "null", "http://127.0.0.1:8080.evil")));
                    hostile.add("cookie session from a foreign origin");
                }
                case 6 -> {
                    req.header("Authorization", "Bearer dpt_" + headerSafe(Hostile.pick(r, URL_STRINGS)));
                    hostile.add("made-up API token");
                }
                case 7 -> {
                    req.header("Authorization", "Bearer " + token);
                    req.header("Authorization", "Bearer " + Hostile.uuid(r));
                    hostile.add("two Authorization headers");
                }
                default -> {
                    req.header("Authorization", "Bearer " + token.substring(0, token.length() - 2));
                    hostile.add("token with a broken signature");
                }
            }
        }

        void headers(RawHttp.Request req) {
            List<String> cookies = new ArrayList<>();
            for (Param p : op.params()) {
                if (!p.in().equals("header") && !p.in().equals("cookie")) {
                    continue;
                }
                boolean bad = targets.contains(p.in() + ":" + p.name());
                boolean tus = p.name().equals("Tus-Resumable");
                if (!bad && r.nextInt(10) >= (tus ? 9 : 6)) {
                    continue;
                }
                String value = bad ? hostileHeader(p.name(), p.type()) : validHeader(p.name());
                if (bad) {
                    hostile.add(p.in() + " " + p.name() + ": " + show(value));
                }
                if (p.in().equals("cookie")) {
                    cookies.add(p.name() + "=" + value);
                } else {
                    req.header(p.name(), value);
                }
            }
            if (!cookies.isEmpty()) {
                req.header("Cookie", String.join("; ", cookies));
            }
            if (op.internal() && r.nextBoolean()) {
                req.header("X-Depot-Service-Token", headerSafe(Hostile.pick(r, Hostile.STRINGS)));
            }
        }

        String validHeader(String name) {
            return switch (name) {
                case "Tus-Resumable" -> "1.0.0";
                case "Upload-Length" -> "10";
                case "Upload-Offset" -> "0";
                case "Upload-Metadata" ->
                    "filename " + b64("fuzz-" + r.nextInt(1000) + ".txt")
                            + (r.nextBoolean() ? ",folder_id " + b64(valid("folder_id", "uuid")) : "");
                case "Range" -> Hostile.pick(r, List.of("bytes=0-3", "bytes=2-", "bytes=-4"));
                case "If-None-Match" -> "\"" + Hostile.uuid(r) + "\"";
                case "X-Share-Password" -> "open sesame";
                case "refresh_token" -> Hostile.uuid(r).replace("-", "");
                default -> "fuzz";
            };
        }

        String hostileHeader(String name, String type) {
            String value =
                    switch (name) {
                        case "Range" ->
                            Hostile.pick(
                                    r,
                                    List.of(
                                            "bytes=999999999999999999999-",
                                            "bytes=-0",
                                            "bytes=5-1",
                                            "bytes=" + "0-0,".repeat(500) + "0-0",
                                            "bytes=",
                                            "items=0-1",
                                            "bytes=-9223372036854775808",
                                            "bytes=9223372036854775807-9223372036854775807",
                                            "bytes=0-1,-1,2-",
                                            "bytes=1-2-3",
                                            "bytes= 1 - 2",
                                            "bytes=-",
                                            "bytes=0x10-",
                                            "bytes=999999999-999999999"));
                        case "Upload-Length", "Upload-Offset" -> Hostile.pick(r, Hostile.NUMBERS);
                        case "Upload-Metadata" ->
                            Hostile.pick(
                                    r,
                                    List.of(
                                            "filename !!!not-base64",
                                            "filename",
                                            ",,,",
                                            "filename ",
                                            "filename " + b64("../../etc/passwd"),
                                            "filename " + b64("a\u0000b.txt"),
                                            "folder_id " + b64("not-a-uuid"),
                                            "folder_id " + b64(Hostile.uuid(r)),
                                            "filename " + b64(Hostile.LONG),
                                            "filename " + b64("x") + ",filename " + b64("y"),
                                            "k " + b64("v") + ",".repeat(1000),
                                            "filename " + b64("\u202Eexe.txt")));
                        case "Tus-Resumable" -> Hostile.pick(r, List.of("0.2.2", "", "1.0.0, 0.2.2", "1.0", "１.0.0"));
                        default -> Hostile.text(r, type);
                    };
            return headerSafe(value);
        }

        /** A header value that keeps the request's framing (no CR, LF or other control characters), short enough to pass. */
        String headerSafe(String value) {
            StringBuilder b = new StringBuilder();
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                b.append(c < 0x20 && c != '\t' || c == 0x7f ? '?' : c);
            }
            int max = direct ? 4_000 : 10_000;
            return b.length() > max ? b.substring(0, max) : b.toString();
        }

        // --- bodies ---

        void body(RawHttp.Request req) {
            boolean bad = targets.contains("body");
            if (op.bodies().isEmpty()) {
                if (bad) {
                    unexpectedBody(req);
                }
                return;
            }
            List<String> types = new ArrayList<>(op.bodies().keySet());
            String type = Hostile.pick(r, types);
            List<Field> fields = op.bodies().get(type);
            if (type.startsWith("multipart/")) {
                multipart(req, fields, bad);
            } else if (type.contains("json")) {
                json(req, fields, bad);
            } else if (type.startsWith("application/offset+octet-stream")) {
                req.header(
                        "Content-Type",
                        bad
                                ? Hostile.pick(
                                        r,
                                        List.of(
                                                "application/octet-stream",
                                                "text/plain",
                                                "application/offset+octet-stream; x=\u00e9",
                                                ""))
                                : type);
                req.body = bad
                        ? new byte[r.nextInt(3) == 0 ? 100_000 : 11]
                        : "0123456789".getBytes(StandardCharsets.UTF_8);
                if (bad) {
                    hostile.add("octet body of " + req.body.length + " bytes, Content-Type "
                            + req.headers.get(req.headers.size() - 1)[1]);
                }
            } else {
                req.header("Content-Type", type);
                req.body = bad ? Hostile.pick(r, Hostile.STRINGS).getBytes(StandardCharsets.UTF_8) : new byte[0];
            }
        }

        void unexpectedBody(RawHttp.Request req) {
            switch (r.nextInt(4)) {
                case 0 -> {
                    req.header("Content-Type", "application/json");
                    req.body = Json.write(Map.of("zz_unknown", 1)).getBytes(StandardCharsets.UTF_8);
                }
                case 1 -> {
                    req.header("Content-Type", "application/json");
                    req.body = Hostile.deepArray(5_000).text().getBytes(StandardCharsets.UTF_8);
                }
                case 2 -> {
                    req.header("Content-Type", "application/octet-stream");
                    req.body = new byte[200_000];
                }
                default -> {
                    req.header("Content-Type", "multipart/form-data; boundary=zz");
                    req.body = "--zz\r\nContent-Disposition: form-data; name=\"x\"\r\n\r\ny\r\n"
                            .getBytes(StandardCharsets.UTF_8);
                }
            }
            hostile.add("a body where none is taken (" + req.headers.get(req.headers.size() - 1)[1] + ", "
                    + req.body.length + " bytes)");
        }

        void json(RawHttp.Request req, List<Field> fields, boolean bad) {
            Map<String, Object> obj = new LinkedHashMap<>();
            for (Field f : fields) {
                if (f.required() || r.nextInt(10) < 6) {
                    obj.put(f.name(), validJson(f));
                }
            }
            String contentType = "application/json";
            Object body = obj;
            byte[] raw = null;
            if (bad) {
                Field f = fields.isEmpty() ? new Field("zz_unknown", "string", false) : Hostile.pick(r, fields);
                switch (r.nextInt(20)) {
                    case 0, 1, 2, 3, 4 -> {
                        Object v = Hostile.json(r, f.type());
                        obj.put(f.name(), v);
                        hostile.add("body " + f.name() + " = " + show(v instanceof String s ? s : Json.write(v)));
                    }
                    case 5 -> {
                        obj.remove(f.name());
                        hostile.add("body without " + f.name());
                    }
                    case 6 -> {
                        List<Map.Entry<String, Object>> pairs = new ArrayList<>(obj.entrySet());
                        pairs.add(Map.entry(f.name(), Hostile.json(r, f.type())));
                        body = new Json.Pairs(pairs);
                        hostile.add("body with " + f.name() + " twice");
                    }
                    case 7 -> {
                        String key = Hostile.pick(
                                r,
                                List.of(
                                        "zz_unknown",
                                        "__proto__",
                                        "constructor",
                                        "",
                                        "\u0000",
                                        "id",
                                        "owner_id",
                                        "user_id",
                                        "success",
                                        Hostile.LONG,
                                        "\uD800"));
                        obj.put(key, Map.of("polluted", true));
                        hostile.add("body with unknown field " + show(key));
                    }
                    case 8 -> {
                        obj.replaceAll((k, v) -> null);
                        hostile.add("body with every field null");
                    }
                    case 9 -> {
                        body = r.nextBoolean() ? List.of(obj) : List.of();
                        hostile.add("body is an array");
                    }
                    case 10 -> {
                        body = Hostile.pick(
                                r, List.<Object>of("text", 42, new Json.Raw("null"), true, new Json.Raw("1e309")));
                        hostile.add("body is " + Json.write(body));
                    }
                    case 11 -> {
                        body = r.nextBoolean()
                                ? Hostile.deepArray(1_000 + r.nextInt(5_000))
                                : Hostile.deepObject(1_500);
                        hostile.add("body nested " + ((Json.Raw) body).text().length() / 2 + " levels deep");
                    }
                    case 12 -> {
                        raw = new byte[0];
                        hostile.add("empty body");
                    }
                    case 13 -> {
                        String text = Json.write(obj);
                        String broken = Hostile.pick(
                                r,
                                List.of(
                                        text.substring(0, text.length() / 2),
                                        text + "{}",
                                        text.replace('"', '\''),
                                        "/* c */" + text,
                                        "{a:1}",
                                        "{\"a\":NaN}",
                                        "\uFEFF" + text,
                                        text + "\u0000",
                                        "{\"a\":\"\\x41\"}",
                                        "{\"a\":\"\\u12\"}",
                                        "{,}",
                                        "{\"a\" 1}",
                                        "nul"));
                        raw = broken.getBytes(StandardCharsets.UTF_8);
                        hostile.add("malformed JSON " + show(broken));
                    }
                    case 14 -> {
                        obj.put(f.name(), "XBADUTF8X");
                        raw = replace(Json.write(obj).getBytes(StandardCharsets.UTF_8), "XBADUTF8X", new byte[] {
                            (byte) 0xC3, 0x28, (byte) 0xFF, (byte) 0xFE, (byte) 0xED, (byte) 0xA0, (byte) 0x80
                        });
                        hostile.add("invalid UTF-8 in " + f.name());
                    }
                    case 15 -> {
                        contentType = Hostile.pick(
                                r,
                                List.of(
                                        "text/plain",
                                        "application/xml",
                                        "",
                                        "application/x-www-form-urlencoded",
                                        "multipart/form-data; boundary=x",
                                        "application/json; charset=utf-16",
                                        "application/json; charset=nonsense",
                                        "*/*",
                                        "application/json, text/plain",
                                        "APPLICATION/JSON",
                                        "application/jsonx"));
                        hostile.add("JSON body as Content-Type " + show(contentType));
                    }
                    case 16 -> {
                        int size = r.nextInt(4) == 0 ? 1_200_000 : 120_000;
                        obj.put(f.name(), "b".repeat(size));
                        hostile.add("body " + f.name() + " is a string of " + size + " characters");
                    }
                    case 17 -> {
                        Map<String, Object> camel = new LinkedHashMap<>();
                        obj.forEach((k, v) -> camel.put(camel(k), v));
                        obj = camel;
                        body = obj;
                        hostile.add("body fields in camelCase");
                    }
                    case 18 -> {
                        body = Hostile.manyKeys(5_000);
                        hostile.add("body with 5000 unknown fields");
                    }
                    default -> {
                        obj.put(f.name(), new Json.Raw("9".repeat(1_500)));
                        hostile.add("body " + f.name() + " is a 1500-digit number");
                    }
                }
            }
            if (!contentType.isEmpty()) {
                req.header("Content-Type", contentType);
            }
            req.body = raw != null ? raw : Json.write(body).getBytes(StandardCharsets.UTF_8);
        }

        void multipart(RawHttp.Request req, List<Field> fields, boolean bad) {
            Multipart form = new Multipart("fuzz" + Long.toHexString(r.nextLong()));
            for (Field f : fields) {
                switch (f.type()) {
                    case "binary" ->
                        form.parts.add(Multipart.Part.file(
                                f.name(),
                                "fuzz-" + r.nextInt(1_000_000) + ".txt",
                                "text/plain",
                                ("fuzz content " + r.nextInt()).getBytes(StandardCharsets.UTF_8)));
                    case "paths" -> {
                        for (int i = 0; i < 1 + r.nextInt(3); i++) {
                            String p = "tree" + r.nextInt(100) + "/sub/f" + i + ".txt";
                            form.parts.add(Multipart.Part.file(
                                    p, p, "text/plain", ("part " + i).getBytes(StandardCharsets.UTF_8)));
                        }
                    }
                    default -> {
                        if (f.required() || r.nextBoolean()) {
                            form.parts.add(Multipart.Part.field(f.name(), valid(f.name(), f.type())));
                        }
                    }
                }
            }
            String contentType = "multipart/form-data; boundary=" + form.boundary;
            byte[] raw = null;
            if (bad) {
                Field f = fields.isEmpty() ? new Field("file", "binary", false) : Hostile.pick(r, fields);
                switch (r.nextInt(20)) {
                    case 0, 1 -> {
                        String v = Hostile.pick(r, Hostile.STRINGS);
                        form.parts.removeIf(p -> named(p, f.name()));
                        form.parts.add(Multipart.Part.field(f.name(), v));
                        hostile.add("form " + f.name() + "=" + show(v));
                    }
                    case 2, 3 -> {
                        String name = Hostile.pick(r, Hostile.FILENAMES);
                        form.parts.removeIf(p -> named(p, "file"));
                        form.parts.add(
                                0,
                                Multipart.Part.file(
                                        f.type().equals("paths") ? name : "file",
                                        name,
                                        "text/plain",
                                        "named".getBytes(StandardCharsets.UTF_8)));
                        hostile.add("file part named " + show(name));
                    }
                    case 4 -> {
                        String t = Hostile.pick(
                                r,
                                List.of(
                                        "",
                                        "../x",
                                        "text/html; charset=\"",
                                        Hostile.LONG,
                                        "image/png",
                                        "application/x-msdownload",
                                        "multipart/form-data; boundary=" + form.boundary,
                                        "\u202E/x"));
                        form.parts.replaceAll(p -> p.headers().size() > 1
                                ? new Multipart.Part(
                                        List.of(p.headers().get(0), "Content-Type: " + headerSafe(t)), p.content())
                                : p);
                        hostile.add("part Content-Type " + show(t));
                    }
                    case 5 -> {
                        form.parts.removeIf(p -> p.headers().size() > 1);
                        hostile.add("no file part");
                    }
                    case 6 -> {
                        List<Multipart.Part> copy = List.copyOf(form.parts);
                        form.parts.addAll(copy);
                        hostile.add("every part twice");
                    }
                    case 7 -> {
                        form.parts.add(
                                r.nextBoolean()
                                        ? Multipart.Part.field("zz_unknown", "1")
                                        : Multipart.Part.file("zz_unknown", "x.txt", "text/plain", new byte[3]));
                        hostile.add("unknown form field");
                    }
                    case 8 -> {
                        contentType = Hostile.pick(
                                r,
                                List.of(
                                        "multipart/form-data",
                                        "multipart/form-data; boundary=",
                                        "multipart/form-data; boundary=\"" + form.boundary,
                                        "multipart/mixed; boundary=" + form.boundary,
                                        "application/json",
                                        "text/plain",
                                        "application/x-www-form-urlencoded",
                                        "multipart/form-data; boundary=" + "b".repeat(200)));
                        hostile.add("multipart body as Content-Type " + show(contentType));
                    }
                    case 9 -> {
                        contentType = "multipart/form-data; boundary=other" + form.boundary;
                        hostile.add("boundary that is not in the body");
                    }
                    case 10 -> {
                        form.closed = false;
                        raw = form.bytes();
                        raw = java.util.Arrays.copyOf(
                                raw, Math.max(0, raw.length - 5 - r.nextInt(Math.max(1, raw.length / 2))));
                        hostile.add("body cut short at " + raw.length + " bytes");
                    }
                    case 11 -> {
                        raw = new byte[1_000 + r.nextInt(5_000)];
                        r.nextBytes(raw);
                        hostile.add("random bytes as the body");
                    }
                    case 12 -> {
                        raw = new byte[0];
                        hostile.add("empty body");
                    }
                    case 13 -> {
                        form.parts.replaceAll(p -> new Multipart.Part(
                                List.of(
                                        r.nextBoolean()
                                                ? "Content-Disposition: form-data"
                                                : "Content-Disposition: form-data; filename=\"x.txt\"; name*=UTF-8''%E2%80%AE"),
                                p.content()));
                        hostile.add("parts without a name");
                    }
                    case 14 -> {
                        form.parts.replaceAll(p -> new Multipart.Part(List.of(), p.content()));
                        hostile.add("parts without headers");
                    }
                    case 15 -> {
                        for (int i = 0; i < 500; i++) {
                            form.parts.add(
                                    f.type().equals("paths")
                                            ? Multipart.Part.file(
                                                    "d/" + i + ".txt", "d/" + i + ".txt", "text/plain", new byte[1])
                                            : Multipart.Part.field("f" + i, "v"));
                        }
                        hostile.add("500 more parts");
                    }
                    case 16 -> {
                        form.parts.replaceAll(
                                p -> p.headers().size() > 1 ? new Multipart.Part(p.headers(), new byte[0]) : p);
                        hostile.add("empty files");
                    }
                    case 17 -> {
                        String p = Hostile.pick(r, Hostile.PATHS);
                        form.parts.add(
                                Multipart.Part.file(p, p, "text/plain", "deep".getBytes(StandardCharsets.UTF_8)));
                        hostile.add("file part named by path " + show(p));
                    }
                    case 18 -> {
                        form.parts.replaceAll(
                                p -> p.headers().size() > 1 ? new Multipart.Part(p.headers(), new byte[1_000_000]) : p);
                        hostile.add("files of 1 MB");
                    }
                    default -> {
                        form.parts.replaceAll(p -> {
                            List<String> h = new ArrayList<>(p.headers());
                            h.add("Content-Transfer-Encoding: base64");
                            h.add("X-Part: " + "h".repeat(9_000));
                            return new Multipart.Part(h, "!!! not base64 !!!".getBytes(StandardCharsets.UTF_8));
                        });
                        hostile.add("parts with odd headers (base64 transfer encoding, a 9 KB header)");
                    }
                }
            }
            req.header("Content-Type", contentType);
            req.body = raw != null ? raw : form.bytes();
        }

        // --- hostile headers and protocol ---

        void extraHeader(RawHttp.Request req) {
            int kind = r.nextInt(20);
            if (direct && op.service().equals("auth-service") && (kind == 0 || kind == 14 || kind == 15)) {
                // auth-service alone lets Quarkus read X-Forwarded-* (its OpenID Connect redirect URI is
                // built from them), and Quarkus' reader fails on a malformed one before any of Depot's code.
                // Only the gateway reaches it, and the gateway always sets these itself (see the README).
                kind = 19;
            }
            String[] h =
                    switch (kind) {
                        case 0 ->
                            new String[] {
                                "X-Forwarded-For",
                                Hostile.pick(
                                        r,
                                        List.of(
                                                "1.2.3.4, ".repeat(400) + "5.6.7.8",
                                                "not-an-ip",
                                                "::ffff:127.0.0.1",
                                                "999.999.999.999",
                                                "",
                                                "unknown, unknown"))
                            };
                        case 1 ->
                            new String[] {
                                "traceparent",
                                Hostile.pick(
                                        r,
                                        List.of(
                                                "00-" + "0".repeat(32) + "-" + "0".repeat(16) + "-01",
                                                "ff-zz-zz-zz",
                                                "00-" + "a".repeat(2000),
                                                "garbage",
                                                ""))
                            };
                        case 2 ->
                            new String[] {
                                "X-Request-Id",
                                Hostile.pick(
                                        r, List.of(Hostile.LONG.substring(0, 3_000), "\u202E", "<script>", "", "a b c"))
                            };
                        case 3 ->
                            new String[] {
                                "Accept",
                                Hostile.pick(
                                        r,
                                        List.of(
                                                "application/xml",
                                                "text/html;q=abc",
                                                "*/*" + ", x/y".repeat(200),
                                                "",
                                                "image/*",
                                                "application/json;q=0"))
                            };
                        case 4 ->
                            new String[] {
                                "Accept-Encoding",
                                Hostile.pick(
                                        r,
                                        List.of("gzip;q=2, br;q=-1, *;q=NaN", "zstd", "identity;q=0", "x".repeat(1000)))
                            };
                        case 5 ->
                            new String[] {
                                "Content-Encoding",
                                Hostile.pick(r, List.of("gzip", "br", "deflate", "identity, chunked", "x-unknown"))
                            };
                        case 6 -> new String[] {"Expect", Hostile.pick(r, List.of("100-continue", "200-ok", ""))};
                        case 7 ->
                            new String[] {
                                "Origin", Hostile.pick(r, List.of("null", "http://evil.example", "", "file://"))
                            };
                        case 8 ->
                            new String[] {
                                "Cookie",
                                Hostile.pick(
                                        r,
                                        List.of(
                                                "access_token=" + Hostile.uuid(r),
                                                "a=b; ".repeat(400),
                                                "refresh_token=" + Hostile.LONG.substring(0, 3_000),
                                                "access_token=",
                                                "=;=;;",
                                                "access_token=\"x\""))
                            };
                        case 9 ->
                            new String[] {
                                "User-Agent",
                                Hostile.pick(
                                        r, List.of(Hostile.LONG.substring(0, 3_500), "\u202Eevil", "", "\uD83D\uDE00"))
                            };
                        case 10 -> new String[] {"Range", hostileHeader("Range", "string")};
                        case 11 ->
                            new String[] {
                                "If-None-Match",
                                Hostile.pick(
                                        r,
                                        List.of(
                                                "*",
                                                "W/\"\"",
                                                "\"" + "x".repeat(3_000) + "\"",
                                                "\"a\", \"b\", W/\"c\"",
                                                "not-quoted"))
                            };
                        case 12 ->
                            new String[] {
                                "If-Modified-Since",
                                Hostile.pick(
                                        r,
                                        List.of(
                                                "garbage",
                                                "Thu, 01 Jan 1970 00:00:00 GMT",
                                                "Fri, 31 Dec 99999 23:59:59 GMT",
                                                ""))
                            };
                        case 13 ->
                            new String[] {"X-HTTP-Method-Override", Hostile.pick(r, List.of("DELETE", "PUT", "TRACE"))};
                        case 14 ->
                            new String[] {
                                "X-Forwarded-Host",
                                Hostile.pick(r, List.of("evil.example", "a b", "x".repeat(2000), "127.0.0.1:99999", ""))
                            };
                        case 15 ->
                            new String[] {
                                "X-Forwarded-Proto", Hostile.pick(r, List.of("gopher", "", "https, http", "javascript"))
                            };
                        case 16 ->
                            new String[] {"X-Depot-Service-Token", Hostile.pick(r, List.of("", "x", Hostile.uuid(r)))};
                        case 17 ->
                            new String[] {
                                "Content-Type",
                                Hostile.pick(
                                        r,
                                        List.of(
                                                "",
                                                "*/*",
                                                "application/json; charset=ebcdic",
                                                "multipart/form-data; boundary=",
                                                "text/plain; charset=\u00e9",
                                                "a/b/c"))
                            };
                        case 18 -> {
                            for (int i = 0; i < 150; i++) {
                                req.header("X-Junk-" + i, "v" + i);
                            }
                            yield new String[] {"X-Junk", "150 junk headers"};
                        }
                        default ->
                            new String[] {
                                "X-Share-Password",
                                Hostile.pick(r, List.of("", Hostile.LONG.substring(0, 3_000), "\u202E", "' OR 1=1 --"))
                            };
                    };
            if (h[0].equals("Content-Type")) {
                req.without("Content-Type");
            }
            if (!h[0].equals("X-Junk")) {
                req.header(h[0], headerSafe(h[1]));
            }
            hostile.add("header " + h[0] + ": " + show(h[1]));
        }

        /** Hostile at the level of HTTP itself; only at the gateway, which faces the clients. */
        RawHttp.Request protocol(RawHttp.Request req) {
            RawHttp.Request out;
            String target = req.target;
            switch (r.nextInt(10)) {
                case 0 -> {
                    out = copy(req, appendToPath(target, "\u00e9\u202E\uD83D\uDE00"));
                    hostile.add("raw (unencoded) non-ASCII at the end of the path");
                }
                case 1 -> {
                    String bad = Hostile.pick(r, List.of("%ZZ", "%", "%0", "%u0041", "%C0%AF", "%00", "%ED%A0%80"));
                    out = copy(req, appendToPath(target, bad));
                    hostile.add("path ending in " + bad);
                }
                case 2 -> {
                    String t = Hostile.pick(
                            r,
                            List.of(
                                    "/api/cdn/files/..%2F..%2F..%2Finternal/consistency",
                                    "/api/cdn/files/../../../internal/consistency",
                                    "/api/cdn/files/%2e%2e/%2e%2e/%2e%2e/internal/consistency",
                                    "/api/cdn/files/..;/..;/..;/internal/consistency",
                                    "//internal/consistency",
                                    "/internal/consistency",
                                    "/api/cdn/files/..%5C..%5C..%5Cinternal%5Cconsistency",
                                    "/q/health",
                                    "/api/cdn/../auth/me"));
                    out = copy(req, t);
                    hostile.add("path traversal " + t);
                }
                case 3 -> {
                    out = copy(req, target);
                    out.header("X-Fuzz", "a\u0000b\u0001c");
                    hostile.add("control characters in a header value");
                }
                case 4 -> {
                    out = copy(req, target);
                    out.header("X-Big", "b".repeat(20_000));
                    hostile.add("a 20 KB header");
                }
                case 5 -> {
                    out = copy(req, target + (target.contains("?") ? "&" : "?") + "q=" + "q".repeat(10_000));
                    hostile.add("a URL of 10 KB");
                }
                case 6 -> {
                    out = copy(req, target);
                    out.contentLength = false;
                    out.header("Transfer-Encoding", "chunked");
                    out.header("Content-Length", String.valueOf(req.body.length));
                    out.body = chunk(req.body);
                    hostile.add("both Transfer-Encoding: chunked and Content-Length");
                }
                case 7 -> {
                    out = copy(req, target);
                    out.contentLength = false;
                    out.header("Content-Length", String.valueOf(req.body.length));
                    out.header("Content-Length", String.valueOf(req.body.length + 1));
                    hostile.add("two different Content-Length headers");
                }
                case 8 -> {
                    out = copy(req, target);
                    out.header("Bad Header", "x");
                    hostile.add("a header name with a space");
                }
                default -> {
                    // Chunked framing is valid HTTP/1.1, but this body is one the route may not expect to stream.
                    out = copy(req, target);
                    out.contentLength = false;
                    out.header("Transfer-Encoding", "chunked");
                    out.body = chunk(req.body);
                    hostile.add("the body sent chunked");
                }
            }
            return out;
        }

        RawHttp.Request copy(RawHttp.Request req, String target) {
            RawHttp.Request c = new RawHttp.Request(req.method, target);
            c.headers.addAll(req.headers);
            c.body = req.body;
            return c;
        }

        // --- valid values ---

        /** A valid value for a parameter or field of this name: the user's own id of the right kind where one is named. */
        String valid(String name, String type) {
            String n = name.toLowerCase(Locale.ROOT).replace("_", "");
            String path = op.path();
            if (path.startsWith("/cdn/{id}")) {
                switch (n) {
                    case "id":
                        return signed[0];
                    case "name":
                        return signed[1];
                    case "exp":
                        return signed[2];
                    case "sig":
                        return signed[3];
                    default:
                        break;
                }
            }
            if (path.contains("{token}")) {
                if (n.equals("token")) {
                    return link[0];
                }
                if (n.equals("fileid")) {
                    return link[1].isEmpty() ? Hostile.uuid(r) : link[1];
                }
            }
            String kind =
                    switch (n) {
                        case "id" -> idKind(path);
                        case "fileid" -> "file";
                        case "folderid", "parentid", "parent", "folder", "parentfolderid" -> "folder";
                        case "resourceid", "rootid" -> r.nextBoolean() ? "file" : "folder";
                        case "shareid" -> "share";
                        case "token" -> "publicToken";
                        case "ticket" -> path.contains("/drop/") ? "dropTicket" : "transferTicket";
                        default -> null;
                    };
            if (kind != null) {
                return id(kind);
            }
            return switch (n) {
                case "ownerid", "userid" -> r.nextInt(10) == 0 ? Hostile.uuid(r) : who.userId();
                case "sharedwithuser", "user" -> who.own().first("otherName");
                case "useremail" -> who.own().first("otherEmail");
                case "name", "filename", "originalfilename" -> "fuzz-" + r.nextInt(1_000_000) + ".txt";
                case "description" -> "fuzzing";
                case "email" -> "fz" + Integer.toHexString(r.nextInt()) + "@example.com";
                case "username", "login" -> "fz" + Integer.toHexString(r.nextInt());
                case "password", "newpassword", "oldpassword" -> "not the password " + r.nextInt(100);
                case "refreshtoken", "authcode" -> Hostile.uuid(r).replace("-", "");
                case "resourcetype", "roottype" -> r.nextBoolean() ? "file" : "folder";
                case "permissionlevel" -> Hostile.pick(r, List.of("view", "download", "edit", "admin", "upload"));
                case "ispublic", "allowdownload", "starred", "trashed", "overwrite" ->
                    r.nextBoolean() ? "true" : "false";
                case "expiresat" -> "2099-01-01T00:00:00Z";
                case "expiresindays" -> "30";
                case "downloadlimit" -> String.valueOf(1 + r.nextInt(100));
                case "expiresinseconds" -> "60";
                case "page" -> String.valueOf(1 + r.nextInt(2));
                case "pagesize" -> Hostile.pick(r, List.of("1", "20", "100"));
                case "limit" -> "10";
                case "q", "search" -> "fuzz";
                case "ordering" -> Hostile.pick(r, List.of("name", "-created_at", "file_size", "-downloads"));
                case "type" -> Hostile.pick(r, List.of("image", "document", "video", "audio", "other"));
                case "from" -> "2025-01-01";
                case "to" -> "2099-01-01";
                case "action" -> "file.uploaded";
                case "status", "state" -> Hostile.pick(r, List.of("pending", "done", "failed", "delivered"));
                case "url" -> who.hookUrl();
                case "cdnurl" -> "https://example.invalid/fuzz.txt";
                case "filesize" -> "12";
                case "mimetype" -> "text/plain";
                case "md5hash" -> "0".repeat(32);
                case "sha256hash" -> "0".repeat(64);
                case "version" -> String.valueOf(1 + r.nextInt(2));
                case "key" -> "k";
                case "asset" ->
                    Hostile.pick(r, List.of("init.js", "swagger-ui.css", "swagger-ui-bundle.js", "favicon.ico"));
                case "service" ->
                    Hostile.pick(r, List.of("auth-service", "files-service", "sharing-service", "analytics-service"));
                default ->
                    switch (type) {
                        case "integer" -> "1";
                        case "boolean" -> "true";
                        case "uuid" -> id("file");
                        case "date-time" -> "2099-01-01T00:00:00Z";
                        case "date" -> "2025-01-01";
                        default -> "fuzz";
                    };
            };
        }

        Object validJson(Field f) {
            String n = f.name().toLowerCase(Locale.ROOT).replace("_", "");
            if (n.equals("eventtypes")) {
                return List.of(Hostile.pick(r, List.of("file.uploaded", "*", "folder.created")));
            }
            if (n.equals("items")) {
                return List.of(Map.of("resource_type", "file", "resource_id", id("file")));
            }
            String v = valid(f.name(), f.type());
            return switch (f.type()) {
                case "integer" -> {
                    try {
                        yield Long.parseLong(v);
                    } catch (NumberFormatException e) {
                        yield 1;
                    }
                }
                case "boolean" -> Boolean.parseBoolean(v);
                case "array" -> List.of(v);
                default -> v;
            };
        }

        /** The user's own id of that kind, now and then another user's (which must look like no such thing) or nobody's. */
        String id(String kind) {
            int roll = r.nextInt(100);
            Pools from = roll < 10 && !CAPABILITIES.contains(kind) ? who.stranger() : who.own();
            String id = roll < 95 ? from.pick(r, kind) : null;
            return id != null ? id : Hostile.uuid(r);
        }

        String idKind(String path) {
            String before = path.substring(0, path.indexOf("{id}"));
            String[] segments = before.split("/");
            String last = segments.length == 0 ? "" : segments[segments.length - 1];
            return switch (last) {
                case "files", "analytics" -> "file";
                case "folders" -> "folder";
                case "trash" -> "trashed";
                case "shares" -> "share";
                case "webhooks" -> "webhook";
                case "activity" -> "activity";
                case "processing" -> "job";
                case "tokens" -> "apiToken";
                case "uploads" -> "tus";
                default -> "file";
            };
        }
    }

    // --- text helpers ---

    /** Percent-encodes everything but the unreserved characters; a lone surrogate as the bytes a careless encoder writes. */
    static String encode(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80 && (Character.isLetterOrDigit(c) || "-._~".indexOf(c) >= 0)) {
                b.append(c);
                continue;
            }
            byte[] bytes;
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                bytes = s.substring(i, i + 2).getBytes(StandardCharsets.UTF_8);
                i++;
            } else if (Character.isSurrogate(c)) {
                bytes = new byte[] {(byte) 0xED, (byte) (0x80 | ((c >> 6) & 0x3F)), (byte) (0x80 | (c & 0x3F))};
            } else {
                bytes = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
            }
            for (byte x : bytes) {
                b.append('%').append(String.format("%02X", x & 0xff));
            }
        }
        return b.toString();
    }

    static String appendToPath(String target, String text) {
        int q = target.indexOf('?');
        return q < 0 ? target + text : target.substring(0, q) + text + target.substring(q);
    }

    static String show(String s) {
        return RawHttp.printable(s, 80);
    }

    static String b64(String s) {
        return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    static String b64url(String s) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(s.getBytes(StandardCharsets.UTF_8));
    }

    static String camel(String snake) {
        StringBuilder b = new StringBuilder();
        boolean up = false;
        for (char c : snake.toCharArray()) {
            if (c == '_') {
                up = true;
            } else {
                b.append(up ? Character.toUpperCase(c) : c);
                up = false;
            }
        }
        return b.toString();
    }

    static boolean named(Multipart.Part p, String name) {
        return !p.headers().isEmpty() && p.headers().get(0).contains("name=\"" + name + "\"");
    }

    static byte[] chunk(byte[] body) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        if (body.length > 0) {
            out.writeBytes((Integer.toHexString(body.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.writeBytes(body);
            out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    static byte[] replace(byte[] in, String marker, byte[] with) {
        String s = new String(in, StandardCharsets.ISO_8859_1);
        int at = s.indexOf(marker);
        if (at < 0) {
            return in;
        }
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        out.write(in, 0, at);
        out.writeBytes(with);
        out.write(in, at + marker.length(), in.length - at - marker.length());
        return out.toByteArray();
    }
}
