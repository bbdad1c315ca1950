package dev.depot.system;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.startsWith;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.DigestInputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The WebDAV server (files-service, through the gateway at /dav/) against real Debian clients: litmus
 * (RFC 4918 compliance: basic, copymove, props, locks), rclone (syncing a tree of 1,000 files and its
 * changes, a big file both ways) and cadaver (an interactive session). Each client signs in with HTTP
 * Basic, a personal API token as the password; what they did is checked through the REST API. The
 * clients are Debian's (./depot test installs them: litmus, rclone, cadaver).
 */
@ExtendWith(SharedSuite.class)
class WebDavIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LITMUS = "/usr/bin/litmus";
    private static final String RCLONE = "/usr/bin/rclone";
    private static final String CADAVER = "/usr/bin/cadaver";
    private static final List<String> LITMUS_SUITES = List.of("basic", "copymove", "props", "locks", "http");
    /** litmus' last line of a suite: "<- summary for `basic': of 16 tests run: 16 passed, 0 failed. 100.0%". */
    private static final Pattern LITMUS_SUMMARY =
            Pattern.compile("<- summary for `([\\w-]+)': of (\\d+) tests run: (\\d+) passed, (\\d+) failed\\.");
    /** The size of rclone's big file round trip, in MiB (-Ddav.bigfile.mb=...): 2 GB, 2·10⁹ bytes and a little more. */
    private static final int BIG_FILE_MB = Integer.getInteger("dav.bigfile.mb", 1908);

    private static final long SEED = 20261201L;

    private static Suite suite;
    private static String gateway;

    @BeforeAll
    static void start() {
        suite = SharedSuite.suite();
        gateway = suite.url("gateway");
    }

    // ---------------------------------------------------------------------------------------
    // Signing in

    @Test
    void aRequestWithoutCredentialsIsChallengedAndAnApiTokenSignsIn() {
        DavUser u = newUser("davauth");
        given().baseUri(gateway)
                .header("Depth", "0")
                .request("PROPFIND", "/dav/")
                .then()
                .statusCode(401)
                .header("WWW-Authenticate", startsWith("Basic realm=\"Depot\""));
        given().baseUri(gateway)
                .auth()
                .preemptive()
                .basic(u.name(), "dpt_not-a-token")
                .header("Depth", "0")
                .request("PROPFIND", "/dav/")
                .then()
                .statusCode(401);
        given().baseUri(gateway)
                .auth()
                .preemptive()
                .basic(u.name(), u.token())
                .header("Depth", "0")
                .request("PROPFIND", "/dav/")
                .then()
                .statusCode(207);
        // Any user name will do: the token says who it is.
        given().baseUri(gateway)
                .auth()
                .preemptive()
                .basic("anyone", u.token())
                .header("Depth", "0")
                .request("PROPFIND", "/dav/")
                .then()
                .statusCode(207);
    }

    // ---------------------------------------------------------------------------------------
    // litmus

    @Test
    void litmusPassesItsBasicCopyMovePropsLocksAndHttpSuites(@TempDir Path dir) throws Exception {
        DavUser u = newUser("litmus");
        // -k: every suite runs even when one fails, so that the report names every failure. litmus
        // writes its traces (debug.log, child.log) to its working directory.
        Run litmus = run(
                "litmus",
                dir,
                Map.of("TESTS", String.join(" ", LITMUS_SUITES)),
                Duration.ofMinutes(3),
                LITMUS,
                "-k",
                gateway + "/dav/",
                u.name(),
                u.token());
        // Its HTTP traces, kept for whoever reads a failure (the temporary directory goes).
        Path debug = dir.resolve("debug.log");
        if (Files.exists(debug)) {
            Path kept = suite.root().resolve("system-tests/target/litmus-debug.log");
            Files.copy(debug, kept, StandardCopyOption.REPLACE_EXISTING);
            System.out.println("[litmus] its HTTP traces: " + kept);
        }
        String failures =
                litmus.output().stream().filter(line -> line.contains("FAIL")).reduce("", (a, b) -> a + "\n  " + b);

        Map<String, int[]> summaries = new LinkedHashMap<>();
        for (String line : litmus.output()) {
            Matcher m = LITMUS_SUMMARY.matcher(line);
            if (m.find()) {
                summaries.put(m.group(1), new int[] {
                    Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4))
                });
            }
        }
        System.out.println("[litmus] summaries:");
        summaries.forEach((name, s) ->
                System.out.printf("[litmus]   %-9s %d run, %d passed, %d failed%n", name, s[0], s[1], s[2]));
        assertThat(summaries.keySet())
                .as("the suites litmus reported a summary of (its output is above)")
                .containsExactlyElementsOf(LITMUS_SUITES);
        for (String name : LITMUS_SUITES) {
            assertThat(summaries.get(name)[2])
                    .as(() -> "tests of litmus' `" + name + "' suite that failed:" + failures)
                    .isZero();
            assertThat(summaries.get(name)[1])
                    .as("litmus' `%s' suite: passed = run", name)
                    .isEqualTo(summaries.get(name)[0]);
        }
        // litmus skips a test only when one it depends on failed, or the locks suite when the server
        // does not claim class 2: neither may happen here.
        assertThat(litmus.output())
                .as("tests litmus skipped (its output is above)")
                .noneMatch(line -> line.contains("SKIPPED") || line.matches("-> \\d+ tests? (was|were) skipped\\..*"));
        assertThat(litmus.exit()).as("litmus' exit code (its output is above)").isZero();
    }

    // ---------------------------------------------------------------------------------------
    // rclone

    @Test
    void rcloneSyncsATreeOfAThousandFilesAndItsChangesAndABigFileBothWays(@TempDir Path tmp) throws Exception {
        DavUser u = newUser("rclone");
        Map<String, String> env = rcloneEnv(u, tmp);
        Path local = Files.createDirectories(tmp.resolve("tree"));
        Random random = new Random(SEED);

        // 20 folders, 3 levels deep, and 1,000 files of 3 bytes to about 6 KB across them and the top.
        List<String> folders = new ArrayList<>();
        for (String first : List.of("docs", "photos 2024")) {
            folders.add(first);
            for (String second : List.of("a", "b", "c")) {
                folders.add(first + "/" + second);
                for (String third : List.of("deep", "deeper")) {
                    folders.add(first + "/" + second + "/" + third);
                }
            }
        }
        assertThat(folders).hasSize(20);
        for (String folder : folders) {
            Files.createDirectories(local.resolve(folder));
        }
        // Names with a space and, where this JVM can write them, accents (in NFC, as Depot keeps names).
        boolean unicodeNames = "UTF-8".equalsIgnoreCase(System.getProperty("sun.jnu.encoding"));
        for (int i = 0; i < 1000; i++) {
            int where = random.nextInt(folders.size() + 1);
            String name = i % 50 == 7
                    ? String.format("note %04d.txt", i)
                    : unicodeNames && i % 97 == 3
                            ? String.format("r\u00e9sum\u00e9 %04d.bin", i)
                            : String.format("f%04d.dat", i);
            Path file = where == folders.size()
                    ? local.resolve(name)
                    : local.resolve(folders.get(where)).resolve(name);
            Files.write(file, randomBytes(random, 3 + random.nextInt(6000)));
        }
        LocalTree first = LocalTree.of(local);
        assertThat(first.files()).hasSize(1000);

        Run sync = rclone("rclone sync", tmp, env, Duration.ofMinutes(10), "sync", local.toString(), "depot:tree");
        assertThat(sync.exit())
                .as("rclone sync's exit code (its output is above)")
                .isZero();
        System.out.printf("[rclone] first sync: 1000 files, %d bytes in %s%n", first.bytes(), seconds(sync.took()));
        assertSameTree(u, "tree", first);

        // Changes: 20 files get another content (of another size: with no modification times over
        // WebDAV, rclone compares sizes), 20 are deleted, 20 are renamed (half of them into another
        // folder), and a folder with two below it is renamed.
        String renamedFolder = "docs/b";
        List<Path> candidates;
        try (Stream<Path> all = Files.walk(local)) {
            candidates = new ArrayList<>(all.filter(Files::isRegularFile)
                    .filter(p -> !local.relativize(p).toString().startsWith(renamedFolder + "/"))
                    .sorted()
                    .toList());
        }
        Collections.shuffle(candidates, random);
        for (Path file : candidates.subList(0, 20)) {
            long size = Files.size(file);
            Files.write(file, randomBytes(random, (int) size + 1 + random.nextInt(3000)));
        }
        for (Path file : candidates.subList(20, 40)) {
            Files.delete(file);
        }
        List<Path> moved = candidates.subList(40, 60);
        for (int i = 0; i < moved.size(); i++) {
            Path file = moved.get(i);
            Path folder = i % 2 == 0 ? file.getParent() : local.resolve(folders.get((i * 7) % folders.size()));
            if (folder.startsWith(local.resolve(renamedFolder))) {
                folder = local;
            }
            Files.move(file, folder.resolve("moved " + file.getFileName()));
        }
        Files.move(local.resolve(renamedFolder), local.resolve(renamedFolder + " renamed"));
        LocalTree second = LocalTree.of(local);
        assertThat(second.files()).hasSize(980);

        Run resync = rclone("rclone sync", tmp, env, Duration.ofMinutes(10), "sync", local.toString(), "depot:tree");
        assertThat(resync.exit())
                .as("the second rclone sync's exit code (its output is above)")
                .isZero();
        System.out.printf(
                "[rclone] second sync (20 changed, 20 deleted, 20 renamed, a folder renamed): %s%n",
                seconds(resync.took()));
        // --download: compares every byte (the server offers no hash rclone knows), both ways.
        Run check = rclone(
                "rclone check",
                tmp,
                env,
                Duration.ofMinutes(10),
                "check",
                "--download",
                local.toString(),
                "depot:tree");
        assertThat(check.exit())
                .as("rclone check's exit code (its output is above)")
                .isZero();
        System.out.printf("[rclone] check --download: %s%n", seconds(check.took()));
        assertSameTree(u, "tree", second);

        // One big file up and back down, hashed as it is written and as it is read.
        Path big = tmp.resolve("big.bin");
        Path back = tmp.resolve("big-back.bin");
        String sent = writeRandomFile(big, BIG_FILE_MB, new Random(SEED + 1));
        long bytes = (long) BIG_FILE_MB << 20;
        Run up = rclone("rclone copyto", tmp, env, Duration.ofMinutes(15), "copyto", big.toString(), "depot:big.bin");
        assertThat(up.exit())
                .as("rclone copyto (up)'s exit code (its output is above)")
                .isZero();
        Run down =
                rclone("rclone copyto", tmp, env, Duration.ofMinutes(15), "copyto", "depot:big.bin", back.toString());
        assertThat(down.exit())
                .as("rclone copyto (down)'s exit code (its output is above)")
                .isZero();
        System.out.printf(
                "[rclone] %d MiB up in %s (%s), down in %s (%s)%n",
                BIG_FILE_MB,
                seconds(up.took()),
                rate(bytes, up.took()),
                seconds(down.took()),
                rate(bytes, down.took()));
        assertThat(Files.size(back)).as("the size of the big file downloaded").isEqualTo(bytes);
        assertThat(sha256Of(back)).as("SHA-256 of the big file downloaded").isEqualTo(sent);
        JsonNode stored = child(contents(u, null), "files", "filename", "big.bin");
        assertThat(stored)
                .as("big.bin in the drive's root through the REST API")
                .isNotNull();
        assertThat(stored.path("file_size").asLong()).isEqualTo(bytes);
        assertThat(stored.path("sha256").asText())
                .as("the SHA-256 the REST API shows for big.bin")
                .isEqualToIgnoringCase(sent);
        Files.delete(big);
        Files.delete(back);
    }

    /** A remote named "depot", from the environment only: no rclone configuration file is read. */
    private static Map<String, String> rcloneEnv(DavUser u, Path dir) throws Exception {
        Run obscure = run(
                "rclone obscure",
                dir,
                Map.of(),
                Duration.ofSeconds(30),
                false,
                RCLONE,
                "--config",
                "/dev/null",
                "obscure",
                u.token());
        assertThat(obscure.exit())
                .as("rclone obscure's exit code: %s", obscure.output())
                .isZero();
        String obscured = obscure.output().stream()
                .map(String::strip)
                .filter(line -> !line.isEmpty())
                .reduce((a, b) -> b)
                .orElseThrow();
        Map<String, String> env = new LinkedHashMap<>();
        env.put("RCLONE_CONFIG_DEPOT_TYPE", "webdav");
        env.put("RCLONE_CONFIG_DEPOT_URL", gateway + "/dav/");
        env.put("RCLONE_CONFIG_DEPOT_VENDOR", "other");
        env.put("RCLONE_CONFIG_DEPOT_USER", u.name());
        env.put("RCLONE_CONFIG_DEPOT_PASS", obscured);
        return env;
    }

    /**
     * rclone with the remote of {@link #rcloneEnv}, no configuration file, and no retries: the server
     * must answer every request right the first time. Its final statistics end its output.
     */
    private static Run rclone(String label, Path dir, Map<String, String> env, Duration timeout, String... args)
            throws Exception {
        List<String> command = new ArrayList<>(List.of(
                RCLONE,
                "--config",
                "/dev/null",
                "--transfers",
                "4",
                "--checkers",
                "4",
                "--retries",
                "1",
                "--low-level-retries",
                "1",
                "--stats-one-line",
                "--stats-log-level",
                "NOTICE",
                "--stats",
                "1m"));
        command.addAll(List.of(args));
        return run(label, dir, env, timeout, true, command.toArray(String[]::new));
    }

    /** The files (with their sizes) and folders under a local directory, by path relative to it. */
    private record LocalTree(Map<String, Long> files, Set<String> folders) {

        static LocalTree of(Path root) throws IOException {
            Map<String, Long> files = new TreeMap<>();
            Set<String> folders = new TreeSet<>();
            try (Stream<Path> all = Files.walk(root)) {
                for (Path p : (Iterable<Path>) all::iterator) {
                    if (p.equals(root)) {
                        continue;
                    }
                    String relative = root.relativize(p).toString().replace('\\', '/');
                    if (Files.isDirectory(p)) {
                        folders.add(relative);
                    } else {
                        files.put(relative, Files.size(p));
                    }
                }
            }
            return new LocalTree(files, folders);
        }

        long bytes() {
            return files.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /** The folder named {@code top} in the user's root holds, through the REST API, exactly the local tree. */
    private static void assertSameTree(DavUser u, String top, LocalTree local) {
        JsonNode folder = child(contents(u, null), "folders", "name", top);
        assertThat(folder)
                .as("folder %s in the drive's root through the REST API", top)
                .isNotNull();
        Map<String, Long> files = new TreeMap<>();
        Set<String> folders = new TreeSet<>();
        walk(u, folder.path("id").asText(), "", files, folders);
        assertThat(folders)
                .as("the folders under %s through the REST API", top)
                .containsExactlyInAnyOrderElementsOf(local.folders());
        assertThat(files)
                .as("the files (and sizes) under %s through the REST API", top)
                .containsExactlyInAnyOrderEntriesOf(local.files());
    }

    private static void walk(DavUser u, String folderId, String prefix, Map<String, Long> files, Set<String> folders) {
        JsonNode contents = contents(u, folderId);
        for (JsonNode file : contents.path("files")) {
            files.put(
                    prefix + file.path("filename").asText(),
                    file.path("file_size").asLong());
        }
        for (JsonNode folder : contents.path("folders")) {
            String path = prefix + folder.path("name").asText();
            folders.add(path);
            walk(u, folder.path("id").asText(), path + "/", files, folders);
        }
    }

    private static byte[] randomBytes(Random random, int size) {
        byte[] bytes = new byte[size];
        random.nextBytes(bytes);
        return bytes;
    }

    /** Writes {@code mib} MiB of random bytes, 1 MiB at a time; their SHA-256 in hex. */
    private static String writeRandomFile(Path file, int mib, Random random) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        byte[] chunk = new byte[1 << 20];
        try (OutputStream out = new DigestOutputStream(Files.newOutputStream(file), sha)) {
            for (int i = 0; i < mib; i++) {
                random.nextBytes(chunk);
                out.write(chunk);
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    /** The SHA-256 of a file in hex, read 1 MiB at a time. */
    private static String sha256Of(Path file) throws Exception {
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        byte[] chunk = new byte[1 << 20];
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), sha)) {
            while (in.read(chunk) >= 0) {
                // the digest sees every byte read
            }
        }
        return HexFormat.of().formatHex(sha.digest());
    }

    private static String seconds(Duration d) {
        return String.format("%.1f s", d.toMillis() / 1000.0);
    }

    private static String rate(long bytes, Duration d) {
        return String.format("%.1f MiB/s", bytes / 1048576.0 / Math.max(0.001, d.toMillis() / 1000.0));
    }

    // ---------------------------------------------------------------------------------------
    // cadaver

    @Test
    void aCadaverSessionMakesMovesAndRemovesWhatTheRestApiThenShows(@TempDir Path tmp) throws Exception {
        DavUser u = newUser("cadaver");
        // cadaver reads the credentials from $HOME/.netrc when the server asks for them (a 401).
        Path home = Files.createDirectories(tmp.resolve("home"));
        Path netrc = home.resolve(".netrc");
        Files.writeString(netrc, "machine 127.0.0.1 login " + u.name() + " password " + u.token() + "\n");
        Files.setPosixFilePermissions(netrc, PosixFilePermissions.fromString("rw-------"));
        Path upload = tmp.resolve("local.txt");
        byte[] content = "Hello from cadaver, over WebDAV.\n".getBytes(StandardCharsets.UTF_8);
        Files.write(upload, content);

        ProcessBuilder pb = new ProcessBuilder(CADAVER, gateway + "/dav/")
                .directory(tmp.toFile())
                .redirectErrorStream(true);
        pb.environment().put("HOME", home.toString());
        try (Cadaver cadaver = new Cadaver(pb.start())) {
            cadaver.awaitPrompt();
            assertThat(cadaver.transcript())
                    .as("cadaver connected (its transcript is above)")
                    .doesNotContain("Could not", "failed", "Username:");

            cadaver.command("mkcol box");
            JsonNode box = child(contents(u, null), "folders", "name", "box");
            assertThat(box).as("box in the drive's root after mkcol").isNotNull();
            String boxId = box.path("id").asText();

            cadaver.command("cd box");
            cadaver.command("put " + upload + " a.txt");
            JsonNode a = child(contents(u, boxId), "files", "filename", "a.txt");
            assertThat(a).as("box/a.txt after put").isNotNull();
            assertThat(a.path("file_size").asLong()).isEqualTo(content.length);

            cadaver.command("move a.txt b.txt");
            JsonNode inBox = contents(u, boxId);
            assertThat(child(inBox, "files", "filename", "a.txt"))
                    .as("box/a.txt after the move")
                    .isNull();
            JsonNode b = child(inBox, "files", "filename", "b.txt");
            assertThat(b).as("box/b.txt after the move").isNotNull();
            assertThat(b.path("id").asText())
                    .as("the moved file is the one put")
                    .isEqualTo(a.path("id").asText());
            assertThat(u.api()
                            .get("/api/cdn/files/" + b.path("id").asText() + "/content")
                            .then()
                            .statusCode(200)
                            .extract()
                            .asByteArray())
                    .as("box/b.txt's content through the REST API")
                    .isEqualTo(content);

            assertThat(cadaver.command("ls"))
                    .as("cadaver's listing of box")
                    .contains("b.txt")
                    .doesNotContain("a.txt");

            cadaver.command("delete b.txt");
            assertThat(contents(u, boxId).path("files"))
                    .as("the files in box after delete")
                    .isEmpty();

            cadaver.command("cd ..");
            cadaver.command("rmcol box");
            assertThat(child(contents(u, null), "folders", "name", "box"))
                    .as("box in the drive's root after rmcol")
                    .isNull();

            cadaver.quit();
            assertThat(cadaver.transcript()).as("cadaver's transcript (above)").doesNotContain("failed");
        }
    }

    /**
     * cadaver driven as a person would: a command, then its answer up to the next prompt
     * ("dav:/dav/box/> "; cadaver echoes the command when its input is not a terminal).
     */
    private static final class Cadaver implements AutoCloseable {

        private static final Duration STEP = Duration.ofSeconds(30);
        private static final Pattern PROMPT = Pattern.compile("(?s).*dav:[^\\n]*> $");

        private final Process process;
        private final Writer in;
        private final StringBuilder out = new StringBuilder();
        private boolean ended;
        private int mark;

        Cadaver(Process process) {
            this.process = process;
            this.in = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8);
            Thread reader = new Thread(this::read, "cadaver-output");
            reader.setDaemon(true);
            reader.start();
        }

        private void read() {
            try (Reader r = new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8)) {
                char[] buffer = new char[4096];
                int n;
                while ((n = r.read(buffer)) >= 0) {
                    synchronized (this) {
                        out.append(buffer, 0, n);
                        notifyAll();
                    }
                }
            } catch (IOException e) {
                // the process ended
            } finally {
                synchronized (this) {
                    ended = true;
                    notifyAll();
                }
            }
        }

        /** Everything cadaver printed since the last prompt, up to and with the next one. */
        synchronized String awaitPrompt() throws InterruptedException {
            long deadline = System.nanoTime() + STEP.toNanos();
            while (true) {
                String since = out.substring(mark);
                // The first answer is the prompt alone; later ones start with the echoed command.
                if ((mark == 0 || since.contains("\n")) && PROMPT.matcher(since).matches()) {
                    mark = out.length();
                    System.out.print(since.lines()
                            .map(line -> "[cadaver] " + line + "\n")
                            .reduce("", String::concat));
                    return since;
                }
                long left = deadline - System.nanoTime();
                if (ended || left <= 0) {
                    throw new AssertionError("cadaver " + (ended ? "ended" : "gave no prompt within " + STEP)
                            + "; its transcript:\n" + out);
                }
                TimeUnit.NANOSECONDS.timedWait(this, left);
            }
        }

        /** Runs one command; its answer, which must say it succeeded and never that it failed. */
        String command(String line) throws IOException, InterruptedException {
            in.write(line + "\n");
            in.flush();
            String answer = awaitPrompt();
            assertThat(answer).as("cadaver's answer to `%s'", line).doesNotContain("failed");
            if (!line.startsWith("cd ")) {
                assertThat(answer).as("cadaver's answer to `%s'", line).contains("succeeded");
            }
            return answer;
        }

        synchronized String transcript() {
            return out.toString();
        }

        void quit() throws Exception {
            in.write("quit\n");
            in.close();
            assertThat(process.waitFor(30, TimeUnit.SECONDS))
                    .as("cadaver ended after quit")
                    .isTrue();
            synchronized (this) {
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
                while (!ended && System.nanoTime() < deadline) {
                    TimeUnit.NANOSECONDS.timedWait(this, deadline - System.nanoTime());
                }
                String rest = out.substring(mark);
                System.out.print(
                        rest.lines().map(line -> "[cadaver] " + line + "\n").reduce("", String::concat));
                mark = out.length();
            }
            assertThat(process.exitValue()).as("cadaver's exit code").isZero();
        }

        @Override
        public void close() {
            if (process.isAlive()) {
                process.destroyForcibly();
            }
        }
    }

    // ---------------------------------------------------------------------------------------
    // Users, the REST API, programs

    /** A new account and a personal API token of it: the WebDAV clients' password. */
    private record DavUser(String name, String token) {

        /** The REST API as this user, the API token as a Bearer token (it outlives an access token). */
        RequestSpecification api() {
            return given().baseUri(gateway).auth().oauth2(token).contentType(ContentType.JSON);
        }
    }

    private static DavUser newUser(String prefix) {
        GatewayUser user = GatewayUser.register(gateway, prefix);
        Response created = user.api().body(Map.of("name", "cli")).post("/api/auth/tokens/");
        created.then().statusCode(201);
        String token = created.path("token");
        assertThat(token).as("a personal API token").startsWith("dpt_");
        return new DavUser(user.name(), token);
    }

    /** What is directly in a folder (the root when {@code folderId} is null), as the REST API shows it. */
    private static JsonNode contents(DavUser u, String folderId) {
        String path = folderId == null ? "/api/cdn/folders/root/" : "/api/cdn/folders/" + folderId + "/contents/";
        String body = u.api().get(path).then().statusCode(200).extract().asString();
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The entry of {@code contents}' {@code list} ("folders", "files") whose {@code field} is {@code value}, or null. */
    private static JsonNode child(JsonNode contents, String list, String field, String value) {
        for (JsonNode entry : contents.path(list)) {
            if (value.equals(entry.path(field).asText())) {
                return entry;
            }
        }
        return null;
    }

    private record Run(int exit, List<String> output, Duration took) {}

    private static Run run(String label, Path dir, Map<String, String> env, Duration timeout, String... command)
            throws Exception {
        return run(label, dir, env, timeout, true, command);
    }

    /**
     * Runs a program in {@code dir} with {@code env} on top of this JVM's environment, its output
     * (and errors) to a file; waits up to {@code timeout}, then ends it and everything it started. Its
     * output is printed, each line after "[label] ", when {@code print}.
     */
    private static Run run(
            String label, Path dir, Map<String, String> env, Duration timeout, boolean print, String... command)
            throws Exception {
        Path log = Files.createTempFile("depot-dav-", ".log");
        try {
            ProcessBuilder pb = new ProcessBuilder(command)
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .redirectInput(
                            ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
            pb.environment().putAll(env);
            long started = System.nanoTime();
            Process process = pb.start();
            boolean finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
            Duration took = Duration.ofNanos(System.nanoTime() - started);
            if (!finished) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor();
            }
            List<String> output = new String(Files.readAllBytes(log), StandardCharsets.UTF_8)
                    .lines()
                    .toList();
            if (print) {
                output.forEach(line -> System.out.println("[" + label + "] " + line));
            }
            assertThat(finished)
                    .as("%s finished within %s (its output is above)", label, timeout)
                    .isTrue();
            return new Run(process.exitValue(), output, took);
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
