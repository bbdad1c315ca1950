package dev.depot.files.storage;

import dev.depot.files.config.FilesConfig;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Blobs as files under {@code <data-dir>/blobs/ab/cd/abcd...}. A blob is fsynced and renamed into
 * place, and its directory fsynced, so after a crash it is either whole or absent.
 */
/* Made at start: its file-system work must not land on the first request's event loop. */
@Startup
@ApplicationScoped
public class LocalBlobStore implements BlobStore {

    /** Prefix of a blob renamed aside while it is discarded. */
    private static final String DISCARDING = "discarding-";

    private final Path root;
    private final Path tmp;
    private final Path spool;
    private final Object[] locks = new Object[64];
    private final AtomicLong lastStampMicros = new AtomicLong();
    private final Clock clock;

    public LocalBlobStore(FilesConfig config, Clock clock) {
        this.root = Path.of(config.dataDir()).toAbsolutePath().resolve("blobs");
        this.tmp = root.resolve("tmp");
        this.spool = tmp.resolve("spool");
        for (int i = 0; i < locks.length; i++) {
            locks[i] = new Object();
        }
        try {
            Files.createDirectories(spool);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the blob store in " + root, e);
        }
        this.clock = clock;
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
                    // Fresh again: the collector leaves young blobs alone while their file row is being written,
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
                        "uploads and blobs must be on one file system (" + finished + ", " + target + ")", e);
            }
            syncDirectory(target.getParent());
            return kept;
        }
    }

    /**
     * The blob is first renamed aside, so no put can find it while its stamp is read: a put that came
     * before the rename has left its own stamp on it (the blob is put back), one after it finds nothing
     * and stores its bytes anew. In this process the lock alone would do; the rename covers others
     * sharing the data directory.
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

    public static boolean isDiscarding(Path p) {
        return p.getFileName().toString().startsWith(DISCARDING);
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

    @Override
    public Path path(String sha256) {
        if (!sha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("not a SHA-256: " + sha256);
        }
        return root.resolve(sha256.substring(0, 2))
                .resolve(sha256.substring(2, 4))
                .resolve(sha256);
    }

    @Override
    public boolean exists(String sha256) {
        return Files.exists(path(sha256));
    }

    /** Every blob and leftover temporary file, for the collector. */
    public java.util.stream.Stream<Path> walk() throws IOException {
        return Files.walk(root).filter(Files::isRegularFile);
    }

    public Path tmpDirectory() {
        return tmp;
    }

    /**
     * Where multipart request bodies stream to (inside {@link #tmpDirectory()}, so on the same file
     * system); every file here belongs to a request in progress.
     */
    public Path spoolDirectory() {
        return spool;
    }

    @Override
    public boolean delete(String sha256) throws IOException {
        return Files.deleteIfExists(path(sha256));
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
