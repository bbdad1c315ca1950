package dev.depot.blobstore;

import dev.depot.crypto.Hashes;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Blobs as files under {@code <root>/ab/cd/abcd...}, temporary files under {@code <root>/tmp}. A blob is
 * fsynced and renamed into place, and its directory fsynced, so after a crash it is either whole or
 * absent. Parts of resumable uploads are under {@code <root>/uploads}. Several processes may share the root (files-service and processing-worker do).
 */
public class LocalBlobStore implements BlobStore {

    /** Prefix of a blob renamed aside while it is discarded. */
    private static final String DISCARDING = "discarding-";

    private final Path root;
    private final Path tmp;
    private final Path uploads;
    private final Object[] locks = new Object[64];
    private final AtomicLong lastStampMicros = new AtomicLong();
    private final Clock clock;

    /** Blobs under {@code root} (created if missing); temporary files under {@code root/tmp}. */
    public LocalBlobStore(Path root, Clock clock) {
        this.root = root.toAbsolutePath();
        this.tmp = this.root.resolve("tmp");
        this.uploads = this.root.resolve("uploads");
        for (int i = 0; i < locks.length; i++) {
            locks[i] = new Object();
        }
        try {
            Files.createDirectories(tmp);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the blob store in " + root, e);
        }
        this.clock = clock;
    }

    public Path root() {
        return root;
    }

    @Override
    public Path temporaryDirectory() {
        return tmp;
    }

    @Override
    public Path temporaryFile() throws IOException {
        return Files.createTempFile(tmp, "upload-", ".part");
    }

    @Override
    public FileTime put(Path finished, String sha256) throws IOException {
        Path target = path(sha256);
        // Outside the lock: flushing 200 MB must not hold up other uploads.
        boolean synced = !Files.exists(target) && force(finished);
        synchronized (lockFor(sha256)) {
            FileTime stamp = nextStamp();
            if (Files.exists(target)) {
                try {
                    // Fresh again: the collector leaves young blobs alone while their row is being written,
                    // and an earlier upload of these bytes whose row failed now leaves the blob be (see discard).
                    Files.setLastModifiedTime(target, stamp);
                    Files.deleteIfExists(finished);
                    return exact(target, stamp);
                } catch (NoSuchFileException discardedMeanwhile) {
                    // Another process discarded it between the two calls: store these bytes after all.
                }
            }
            if (!synced) {
                force(finished);
            }
            Files.createDirectories(target.getParent());
            Files.setLastModifiedTime(finished, stamp);
            FileTime kept = exact(finished, stamp);
            try {
                Files.move(finished, target, StandardCopyOption.ATOMIC_MOVE);
            } catch (FileAlreadyExistsException raced) {
                Files.deleteIfExists(finished);
                Files.setLastModifiedTime(target, stamp);
                return exact(target, stamp);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException(
                        "temporary files and blobs must be on one file system (" + finished + ", " + target + ")", e);
            }
            syncDirectory(target.getParent());
            return kept;
        }
    }

    /** Spools to a temporary file while hashing, then moves it in as {@link #put(Path, String)}. */
    @Override
    public FileTime put(InputStream in, String sha256) throws IOException {
        BlobStore.checked(sha256);
        Path part = temporaryFile();
        try {
            MessageDigest digest = Hashes.sha256();
            try (OutputStream out = Files.newOutputStream(part)) {
                new DigestInputStream(in, digest).transferTo(out);
            }
            String actual = Hashes.hex(digest.digest());
            if (!actual.equals(sha256)) {
                throw new DigestMismatchException(sha256, actual);
            }
            return put(part, sha256);
        } finally {
            Files.deleteIfExists(part);
        }
    }

    @Override
    public InputStream open(String sha256, long offset, long length) throws IOException {
        SeekableByteChannel ch = Files.newByteChannel(path(sha256), StandardOpenOption.READ);
        try {
            ch.position(offset);
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
        InputStream in = Channels.newInputStream(ch);
        return length < 0 ? in : new BoundedInputStream(in, length);
    }

    @Override
    public Optional<BlobInfo> stat(String sha256) throws IOException {
        try {
            BasicFileAttributes a = Files.readAttributes(path(sha256), BasicFileAttributes.class);
            return Optional.of(
                    new BlobInfo(sha256, a.size(), a.lastModifiedTime().toInstant()));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    @Override
    public boolean exists(String sha256) {
        return Files.exists(path(sha256));
    }

    @Override
    public boolean delete(String sha256) throws IOException {
        return Files.deleteIfExists(path(sha256));
    }

    @Override
    public boolean deleteIfOlder(String sha256, Instant cutoff) throws IOException {
        Path p = path(sha256);
        try {
            return Files.getLastModifiedTime(p).toInstant().isBefore(cutoff) && Files.deleteIfExists(p);
        } catch (NoSuchFileException gone) {
            return false;
        }
    }

    /**
     * The blob is first renamed aside, so no put can find it while its stamp is read: a put that came
     * before the rename has left its own stamp on it (the blob is put back), one after it finds nothing
     * and stores its bytes anew. In this process the lock alone would do; the rename covers others
     * sharing the directory.
     */
    @Override
    public boolean discard(String sha256, FileTime stamp) throws IOException {
        if (stamp == null) {
            return false;
        }
        Path blob = path(sha256);
        synchronized (lockFor(sha256)) {
            Path aside = tmp.resolve(DISCARDING + sha256 + "-" + UUID.randomUUID());
            try {
                Files.move(blob, aside, StandardCopyOption.ATOMIC_MOVE);
            } catch (NoSuchFileException gone) {
                return false;
            }
            if (Files.getLastModifiedTime(aside).equals(stamp)) {
                Files.delete(aside);
                return true;
            }
            restore(aside, blob);
            return false;
        }
    }

    /** A blob renamed aside by {@link #discard} goes back (same bytes: replacing a newer copy is harmless). */
    private static void restore(Path aside, Path blob) throws IOException {
        Files.move(aside, blob, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Puts back a blob a crash left renamed aside mid-{@link #discard}; the collector judges it later. */
    public void restoreDiscarding(Path aside) throws IOException {
        String name = aside.getFileName().toString();
        if (!name.startsWith(DISCARDING) || name.length() < DISCARDING.length() + 64) {
            throw new IllegalArgumentException("not a blob being discarded: " + aside);
        }
        Path blob = path(name.substring(DISCARDING.length(), DISCARDING.length() + 64));
        Files.createDirectories(blob.getParent());
        restore(aside, blob);
    }

    /** Whether a temporary file is a blob a crash left renamed aside mid-discard (see {@link #restoreDiscarding}). */
    public static boolean isDiscarding(Path p) {
        return p.getFileName().toString().startsWith(DISCARDING);
    }

    /** Blobs only: files three levels down named by their SHA-256 (the temporary directory is not one). */
    @Override
    public Stream<BlobInfo> list() throws IOException {
        return Files.walk(root, 3)
                .filter(p -> root.relativize(p).getNameCount() == 3
                        && BlobStore.isSha256(p.getFileName().toString())
                        && !p.startsWith(tmp))
                .flatMap(p -> {
                    try {
                        BasicFileAttributes a = Files.readAttributes(p, BasicFileAttributes.class);
                        return a.isRegularFile()
                                ? Stream.of(new BlobInfo(
                                        p.getFileName().toString(),
                                        a.size(),
                                        a.lastModifiedTime().toInstant()))
                                : Stream.empty();
                    } catch (IOException goneMeanwhile) {
                        return Stream.empty();
                    }
                });
    }

    /**
     * Parts of resumable uploads: {@code <root>/uploads/<id>/<part>}, fsynced and renamed into place as
     * blobs are, so a part is whole or absent. Not listed as blobs (their names are no SHA-256).
     */
    @Override
    public String putPart(String uploadId, long offset, Path chunk) throws IOException {
        Path dir = uploads.resolve(BlobStore.checkedUploadId(uploadId));
        String part = BlobStore.partName(offset);
        force(chunk);
        Files.createDirectories(dir);
        try {
            Files.move(chunk, dir.resolve(part), StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("temporary files and upload parts must be on one file system", e);
        }
        syncDirectory(dir);
        return part;
    }

    @Override
    public InputStream openParts(String uploadId, List<String> parts) throws IOException {
        Path dir = uploads.resolve(BlobStore.checkedUploadId(uploadId));
        List<Path> files = new ArrayList<>();
        for (String part : parts) {
            Path p = dir.resolve(BlobStore.checkedPart(part));
            if (!Files.isRegularFile(p)) {
                throw new NoSuchFileException(p.toString());
            }
            files.add(p);
        }
        return Parts.concatenated(files.size(), i -> Files.newInputStream(files.get(i)));
    }

    @Override
    public boolean deletePart(String uploadId, String part) throws IOException {
        return Files.deleteIfExists(
                uploads.resolve(BlobStore.checkedUploadId(uploadId)).resolve(BlobStore.checkedPart(part)));
    }

    @Override
    public int deleteParts(String uploadId) throws IOException {
        Path dir = uploads.resolve(BlobStore.checkedUploadId(uploadId));
        int deleted = 0;
        try (Stream<Path> files = Files.list(dir)) {
            for (Path p : files.toList()) {
                if (Files.deleteIfExists(p)) {
                    deleted++;
                }
            }
        } catch (NoSuchFileException none) {
            return 0;
        }
        try {
            Files.deleteIfExists(dir);
        } catch (java.nio.file.DirectoryNotEmptyException partArrivedMeanwhile) {
            // A request still appending; its part goes with its upload, or to the collector.
        }
        return deleted;
    }

    @Override
    public Set<String> uploadIds() throws IOException {
        if (!Files.isDirectory(uploads)) {
            return Set.of();
        }
        try (Stream<Path> dirs = Files.list(uploads)) {
            return dirs.map(p -> p.getFileName().toString())
                    .filter(name -> BlobStore.UPLOAD_ID.matcher(name).matches())
                    .collect(Collectors.toSet());
        }
    }

    @Override
    public Optional<Path> localPath(String sha256) {
        return Optional.of(path(sha256));
    }

    @Override
    public String describe(String sha256) {
        return path(sha256).toString();
    }

    /** Where the blob's file is (or would be). */
    public Path path(String sha256) {
        return root.resolve(BlobStore.relative(sha256));
    }

    private Object lockFor(String sha256) {
        return locks[Math.floorMod(sha256.hashCode(), locks.length)];
    }

    /** Strictly increasing, so two puts in this process never leave the same stamp. */
    private FileTime nextStamp() {
        Instant now = clock.instant();
        long micros = lastStampMicros.updateAndGet(
                prev -> Math.max(prev + 1, now.getEpochSecond() * 1_000_000 + now.getNano() / 1_000));
        return FileTime.from(micros, TimeUnit.MICROSECONDS);
    }

    /** The stamp, if the file system kept it exactly; null if it rounded it (two puts could then look alike). */
    private static FileTime exact(Path p, FileTime stamp) throws IOException {
        return Files.getLastModifiedTime(p).equals(stamp) ? stamp : null;
    }

    private static boolean force(Path file) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        return true;
    }

    private static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException ignored) {
            // Not every file system lets a directory be opened for syncing; the rename is still atomic.
        }
    }
}
