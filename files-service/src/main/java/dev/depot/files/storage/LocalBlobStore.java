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
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Blobs as files under {@code <data-dir>/blobs/ab/cd/abcd...}. A blob is fsynced and renamed into
 * place, and its directory fsynced, so after a crash it is either whole or absent.
 */
/* Made at start: its file-system work must not land on the first request's event loop. */
@Startup
@ApplicationScoped
public class LocalBlobStore implements BlobStore {

    private final Path root;
    private final Path tmp;

    public LocalBlobStore(FilesConfig config) {
        this.root = Path.of(config.dataDir()).toAbsolutePath().resolve("blobs");
        this.tmp = root.resolve("tmp");
        try {
            Files.createDirectories(tmp);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the blob store in " + root, e);
        }
    }

    @Override
    public Path temporaryFile() throws IOException {
        return Files.createTempFile(tmp, "upload-", ".part");
    }

    @Override
    public void put(Path finished, String sha256) throws IOException {
        Path target = path(sha256);
        if (Files.exists(target)) {
            // Fresh again: the collector leaves young blobs alone while their file row is being written.
            Files.setLastModifiedTime(target, java.nio.file.attribute.FileTime.from(java.time.Instant.now()));
            Files.deleteIfExists(finished);
            return;
        }
        Files.createDirectories(target.getParent());
        try (FileChannel ch = FileChannel.open(finished, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        try {
            Files.move(finished, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException raced) {
            Files.deleteIfExists(finished);
            return;
        } catch (AtomicMoveNotSupportedException e) {
            throw new IOException("uploads and blobs must be on one file system (" + finished + ", " + target + ")", e);
        }
        syncDirectory(target.getParent());
    }

    @Override
    public Path path(String sha256) {
        if (!sha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("not a SHA-256: " + sha256);
        }
        return root.resolve(sha256.substring(0, 2)).resolve(sha256.substring(2, 4)).resolve(sha256);
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

    @Override
    public boolean delete(String sha256) throws IOException {
        return Files.deleteIfExists(path(sha256));
    }

    private static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException ignored) {
            // Not every file system lets a directory be opened for syncing; the rename is still atomic.
        }
    }
}
