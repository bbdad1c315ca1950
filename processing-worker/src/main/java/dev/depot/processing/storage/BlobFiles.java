package dev.depot.processing.storage;

import dev.depot.crypto.Hashes;
import dev.depot.processing.config.ProcessingConfig;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;

/**
 * files-service's local blob store as the worker sees it: {@code <data-dir>/blobs/ab/cd/abcd...},
 * content-addressed by SHA-256. Derived images are written the same way (temporary file, fsync, atomic
 * rename), so the same thumbnail made twice is one blob, and a half-written one is never visible.
 */
@Startup
@ApplicationScoped
public class BlobFiles {

    private final Path root;
    private final Path tmp;

    public BlobFiles(ProcessingConfig config) {
        this.root = Path.of(config.dataDir()).toAbsolutePath().resolve("blobs");
        this.tmp = root.resolve("tmp");
        try {
            Files.createDirectories(tmp);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot use the blob store in " + root, e);
        }
    }

    public Path path(String sha256) {
        if (sha256 == null || !sha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("not a SHA-256: " + sha256);
        }
        return root.resolve(sha256.substring(0, 2))
                .resolve(sha256.substring(2, 4))
                .resolve(sha256);
    }

    /** Stores the bytes and answers their SHA-256. */
    public String put(byte[] bytes) throws IOException {
        String sha = Hashes.sha256Hex(bytes);
        Path target = path(sha);
        if (Files.exists(target)) {
            // Fresh again: files-service's collector leaves young blobs alone until their reference is recorded.
            Files.setLastModifiedTime(target, FileTime.from(Instant.now()));
            return sha;
        }
        Path part = Files.createTempFile(tmp, "derived-", ".part");
        try {
            Files.write(part, bytes);
            try (FileChannel ch = FileChannel.open(part, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            Files.createDirectories(target.getParent());
            Files.move(part, target, StandardCopyOption.ATOMIC_MOVE);
        } catch (FileAlreadyExistsException raced) {
            // Another worker made the same blob at the same time: same bytes, nothing to do.
        } finally {
            Files.deleteIfExists(part);
        }
        return sha;
    }
}
