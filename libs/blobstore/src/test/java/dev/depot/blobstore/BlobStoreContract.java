package dev.depot.blobstore;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.depot.crypto.Hashes;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** What every blob store does, run against each (a subclass says which). */
abstract class BlobStoreContract {

    /** A store; the same one for the whole class. */
    abstract BlobStore store();

    /** Whether two puts of the same bytes leave stamps that tell them apart (the local store's do). */
    abstract boolean exactStamps();

    @Test
    void storesTheBytesOfAFinishedFileAndTakesTheFile() throws Exception {
        byte[] bytes = unique("round trip");
        String sha = Hashes.sha256Hex(bytes);
        Path part = spooled(bytes);

        store().put(part, sha);

        assertThat(part).doesNotExist();
        assertThat(read(store().open(sha))).isEqualTo(bytes);
        assertThat(store().exists(sha)).isTrue();
    }

    @Test
    void readsRanges() throws Exception {
        byte[] bytes = unique("0123456789abcdefghijklmnopqrstuvwxyz");
        String sha = Hashes.sha256Hex(bytes);
        store().put(spooled(bytes), sha);

        assertThat(read(store().open(sha, 0, 1))).containsExactly(bytes[0]);
        assertThat(read(store().open(sha, bytes.length - 1, 1))).containsExactly(bytes[bytes.length - 1]);
        assertThat(new String(read(store().open(sha, 3, 5)), StandardCharsets.UTF_8))
                .isEqualTo(new String(bytes, 3, 5, StandardCharsets.UTF_8));
        assertThat(read(store().open(sha, 10, -1))).hasSize(bytes.length - 10);
        assertThat(read(store().open(sha, bytes.length - 2, 100))).hasSize(2);
        assertThat(read(store().open(sha, 0, 0))).isEmpty();
    }

    @Test
    void aStreamWhoseHashIsWrongLeavesNothing() throws Exception {
        byte[] bytes = unique("claimed to be other bytes");
        String claimed = Hashes.sha256Hex(unique("the other bytes"));

        assertThatThrownBy(() -> store().put(new java.io.ByteArrayInputStream(bytes), claimed))
                .isInstanceOf(DigestMismatchException.class)
                .hasMessageContaining(Hashes.sha256Hex(bytes));

        assertThat(store().exists(claimed)).isFalse();
        assertThat(store().exists(Hashes.sha256Hex(bytes))).isFalse();
        assertThat(listed()).doesNotContain(claimed, Hashes.sha256Hex(bytes));
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void aStreamWithTheRightHashIsStored() throws Exception {
        byte[] bytes = unique("streamed");
        String sha = Hashes.sha256Hex(bytes);

        store().put(new java.io.ByteArrayInputStream(bytes), sha);

        assertThat(read(store().open(sha))).isEqualTo(bytes);
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void theSameBytesTwiceAreOneBlobMadeFreshAgain() throws Exception {
        byte[] bytes = unique("twice");
        String sha = Hashes.sha256Hex(bytes);
        store().put(spooled(bytes), sha);
        Instant first = store().stat(sha).orElseThrow().lastModified();
        Thread.sleep(1100); // S3's Last-Modified has whole seconds

        Path again = spooled(bytes);
        store().put(again, sha);

        assertThat(again).doesNotExist();
        assertThat(store().stat(sha).orElseThrow().lastModified()).isAfter(first);
        assertThat(listed().stream().filter(sha::equals)).hasSize(1);
        assertThat(read(store().open(sha))).isEqualTo(bytes);
    }

    @Test
    void statExistsAndDelete() throws Exception {
        byte[] bytes = unique("to be deleted");
        String sha = Hashes.sha256Hex(bytes);
        assertThat(store().stat(sha)).isEmpty();
        assertThat(store().delete(sha)).isFalse();
        Instant before = Instant.now().minusSeconds(2);

        store().put(spooled(bytes), sha);

        BlobInfo info = store().stat(sha).orElseThrow();
        assertThat(info.sha256()).isEqualTo(sha);
        assertThat(info.size()).isEqualTo(bytes.length);
        assertThat(info.lastModified()).isAfter(before).isBefore(Instant.now().plusSeconds(2));
        assertThat(store().delete(sha)).isTrue();
        assertThat(store().exists(sha)).isFalse();
        assertThat(store().delete(sha)).isFalse();
        assertThatThrownBy(() -> store().open(sha)).isInstanceOf(NoSuchFileException.class);
        assertThatThrownBy(() -> store().open(sha, 1, 2)).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void deletesOnlyWhatIsOlderThanTheCutoff() throws Exception {
        byte[] bytes = unique("old or not");
        String sha = Hashes.sha256Hex(bytes);
        store().put(spooled(bytes), sha);

        assertThat(store().deleteIfOlder(sha, Instant.now().minusSeconds(60))).isFalse();
        assertThat(store().exists(sha)).isTrue();
        assertThat(store().deleteIfOlder(sha, Instant.now().plusSeconds(60))).isTrue();
        assertThat(store().exists(sha)).isFalse();
        assertThat(store().deleteIfOlder(sha, Instant.now().plusSeconds(60))).isFalse();
    }

    @Test
    void listsEveryBlobAndNoTemporaryFile() throws Exception {
        List<String> shas = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            byte[] bytes = unique("listed " + i);
            shas.add(Hashes.sha256Hex(bytes));
            store().put(spooled(bytes), shas.get(i));
        }
        Path pending = store().temporaryFile();
        Files.writeString(pending, "not a blob yet");

        Set<BlobInfo> all;
        try (Stream<BlobInfo> s = store().list()) {
            all = s.collect(Collectors.toSet());
        }

        assertThat(all.stream().map(BlobInfo::sha256)).contains(shas.toArray(String[]::new));
        assertThat(all).allMatch(b -> BlobStore.isSha256(b.sha256()) && b.size() > 0);
        Files.delete(pending);
    }

    @Test
    void aLargeObjectStreamsInAndOut() throws Exception {
        long size = 40L << 20;
        long seed = new Random().nextLong();
        String sha = hashOf(generated(seed, size));

        store().put(generated(seed, size), sha);

        assertThat(store().stat(sha).orElseThrow().size()).isEqualTo(size);
        MessageDigest back = Hashes.sha256();
        try (InputStream in = new DigestInputStream(store().open(sha), back)) {
            assertThat(in.transferTo(OutputStream.nullOutputStream())).isEqualTo(size);
        }
        assertThat(Hashes.hex(back.digest())).isEqualTo(sha);
        // A range across a part boundary reads the bytes the generator made there.
        long at = (16L << 20) - 3;
        byte[] expected;
        try (InputStream in = generated(seed, size)) {
            in.skipNBytes(at);
            expected = in.readNBytes(7);
        }
        assertThat(read(store().open(sha, at, 7))).isEqualTo(expected);
        assertThat(store().delete(sha)).isTrue();
    }

    @Test
    void aLargeFileGoesInAndTheFileIsGone() throws Exception {
        long size = 20L << 20;
        long seed = new Random().nextLong();
        Path part = store().temporaryFile();
        try (OutputStream out = Files.newOutputStream(part)) {
            generated(seed, size).transferTo(out);
        }
        String sha = hashOf(Files.newInputStream(part));

        store().put(part, sha);

        assertThat(part).doesNotExist();
        assertThat(hashOf(store().open(sha))).isEqualTo(sha);
        assertThat(store().delete(sha)).isTrue();
    }

    @Test
    void aLargeStreamWithAWrongHashLeavesNothing() throws Exception {
        long size = 20L << 20;
        String claimed = Hashes.sha256Hex(unique("not these bytes"));

        assertThatThrownBy(() -> store().put(generated(new Random().nextLong(), size), claimed))
                .isInstanceOf(DigestMismatchException.class);

        assertThat(store().exists(claimed)).isFalse();
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void concurrentPutsOfTheSameBytesAllSucceed() throws Exception {
        byte[] bytes = unique("raced");
        String sha = Hashes.sha256Hex(bytes);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<FileTime>> puts = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                boolean asStream = i % 2 == 0;
                puts.add(() -> asStream
                        ? store().put(new java.io.ByteArrayInputStream(bytes), sha)
                        : store().put(spooled(bytes), sha));
            }
            List<FileTime> stamps = new ArrayList<>();
            for (Future<FileTime> f : pool.invokeAll(puts)) {
                stamps.add(f.get());
            }
            if (exactStamps()) {
                assertThat(stamps).doesNotContainNull().doesNotHaveDuplicates();
            }
        } finally {
            pool.shutdown();
        }
        assertThat(read(store().open(sha))).isEqualTo(bytes);
        assertThat(listed().stream().filter(sha::equals)).hasSize(1);
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void discardDeletesOnlyWhenNoLaterPutCame() throws Exception {
        byte[] bytes = unique("discarded");
        String sha = Hashes.sha256Hex(bytes);
        FileTime first = store().put(spooled(bytes), sha);
        FileTime second = store().put(spooled(bytes), sha);

        // The first upload's row failed, but another upload of the same bytes came since: the blob stays.
        assertThat(store().discard(sha, first)).isFalse();
        assertThat(store().exists(sha)).isTrue();
        assertThat(store().discard(sha, null)).isFalse();
        assertThat(store().exists(sha)).isTrue();

        if (exactStamps()) {
            assertThat(first).isNotNull().isNotEqualTo(second);
            assertThat(store().discard(sha, second)).isTrue();
            assertThat(store().exists(sha)).isFalse();
            assertThat(store().discard(sha, second)).isFalse();
        } else {
            // Stamps cannot tell puts apart: discard leaves the blob to the collector's grace period.
            assertThat(second).isNull();
            assertThat(store().discard(sha, second)).isFalse();
            assertThat(store().exists(sha)).isTrue();
        }
        assertThat(leftovers()).isEmpty();
    }

    @Test
    void refusesWhatIsNotASha256() {
        for (String bad : List.of("../../etc/passwd", "ABCDEF", "", "0".repeat(63), "G".repeat(64))) {
            assertThatThrownBy(() -> store().exists(bad)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> store().open(bad)).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void uploadPartsReadBackInTheOrderNamedAndAreNoBlobs() throws Exception {
        String upload = UUID.randomUUID().toString();
        byte[] a = unique("first part ");
        byte[] b = unique("second part");
        String first = store().putPart(upload, 0, spooled(a));
        String second = store().putPart(upload, a.length, spooled(b));
        // A request that lost the race for the same offset stored a part of its own.
        String loser = store().putPart(upload, a.length, spooled(unique("lost the race")));

        assertThat(first).startsWith("00000000000000000000-");
        assertThat(second).isNotEqualTo(loser).startsWith(String.format("%020d-", a.length));
        assertThat(read(store().openParts(upload, List.of(first, second))))
                .isEqualTo((new String(a, StandardCharsets.UTF_8) + new String(b, StandardCharsets.UTF_8))
                        .getBytes(StandardCharsets.UTF_8));
        assertThat(read(store().openParts(upload, List.of()))).isEmpty();
        assertThat(store().uploadIds()).contains(upload);
        assertThat(leftovers()).isEmpty();
        assertThat(listed())
                .hasSameElementsAs(listed().stream().filter(BlobStore::isSha256).toList());

        assertThat(store().deletePart(upload, loser)).isTrue();
        assertThat(store().deletePart(upload, loser)).isFalse();
        assertThatThrownBy(() -> read(store().openParts(upload, List.of(first, loser))))
                .isInstanceOf(NoSuchFileException.class);
        assertThat(store().deleteParts(upload)).isEqualTo(2);
        assertThat(store().uploadIds()).doesNotContain(upload);
        assertThat(store().deleteParts(upload)).isZero();
    }

    @Test
    void aLargePartStreamsBackWhole() throws Exception {
        String upload = UUID.randomUUID().toString();
        long size = 6L * 1024 * 1024 + 5;
        Path big = store().temporaryFile();
        try (InputStream in = generated(7, size)) {
            Files.copy(in, big, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        Path small = spooled(unique("tail"));
        long smallSize = Files.size(small);
        String p1 = store().putPart(upload, 0, big);
        String p2 = store().putPart(upload, size, small);
        try (InputStream in = store().openParts(upload, List.of(p1, p2))) {
            assertThat(in.transferTo(OutputStream.nullOutputStream())).isEqualTo(size + smallSize);
        }
        assertThat(hashOf(new java.io.SequenceInputStream(
                        store().openParts(upload, List.of(p1)), InputStream.nullInputStream())))
                .isEqualTo(hashOf(generated(7, size)));
        assertThat(store().deleteParts(upload)).isEqualTo(2);
    }

    @Test
    void refusesUploadIdsAndPartsThatCouldEscape() throws IOException {
        String upload = UUID.randomUUID().toString();
        for (String bad : List.of("../x", "", upload.toUpperCase(), upload + "/..")) {
            assertThatThrownBy(() -> store().deleteParts(bad)).isInstanceOf(IllegalArgumentException.class);
            Path chunk = spooled(unique("x"));
            assertThatThrownBy(() -> store().putPart(bad, 0, chunk)).isInstanceOf(IllegalArgumentException.class);
            Files.deleteIfExists(chunk);
        }
        assertThatThrownBy(() -> store().openParts(upload, List.of("../../ab/cd/x")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> store().deletePart(upload, "00000000000000000000"))
                .isInstanceOf(IllegalArgumentException.class);
    }

    // --- helpers

    static byte[] unique(String text) {
        return (text + " " + UUID.randomUUID()).getBytes(StandardCharsets.UTF_8);
    }

    Path spooled(byte[] bytes) throws IOException {
        Path p = store().temporaryFile();
        Files.write(p, bytes);
        return p;
    }

    static byte[] read(InputStream in) throws IOException {
        try (in) {
            return in.readAllBytes();
        }
    }

    List<String> listed() throws IOException {
        try (Stream<BlobInfo> s = store().list()) {
            return s.map(BlobInfo::sha256).toList();
        }
    }

    /** Files left in the temporary directory (an upload in progress would leave one). */
    List<Path> leftovers() throws IOException {
        try (Stream<Path> s = Files.walk(store().temporaryDirectory())) {
            return s.filter(Files::isRegularFile).toList();
        }
    }

    static String hashOf(InputStream in) throws IOException {
        MessageDigest d = Hashes.sha256();
        try (InputStream s = new DigestInputStream(in, d)) {
            s.transferTo(OutputStream.nullOutputStream());
        }
        return Hashes.hex(d.digest());
    }

    /** {@code size} pseudo-random bytes made as they are read: nothing of that size is ever in memory. */
    static InputStream generated(long seed, long size) {
        return new InputStream() {
            private final Random random = new Random(seed);
            private final byte[] block = new byte[8192];
            private int pos = block.length;
            private long left = size;

            @Override
            public int read() {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (left == 0) {
                    return -1;
                }
                if (pos == block.length) {
                    random.nextBytes(block);
                    pos = 0;
                }
                int n = (int) Math.min(Math.min(len, block.length - pos), left);
                System.arraycopy(block, pos, b, off, n);
                pos += n;
                left -= n;
                return n;
            }
        };
    }
}
