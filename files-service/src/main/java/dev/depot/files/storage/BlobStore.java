package dev.depot.files.storage;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;

/**
 * Where file bytes live, content-addressed by SHA-256. A blob becomes visible only complete and
 * verified; writing the same bytes twice stores them once. Calls block: run them on a worker.
 */
public interface BlobStore {

    /** A place for an incoming upload on the same file system as the blobs, so moving it in is atomic. */
    Path temporaryFile() throws IOException;

    /**
     * Makes the finished, hashed temporary file the blob {@code sha256} (if that blob exists, it is only
     * marked fresh). Answers the stamp this put left on the blob, for {@link #discard}; null when the
     * file system cannot keep a stamp exact enough to tell two puts apart.
     */
    FileTime put(Path finished, String sha256) throws IOException;

    /** The blob as a local file, for zero-copy sending. */
    Path path(String sha256);

    boolean exists(String sha256);

    /** Deletes the blob; answers whether there was one. */
    boolean delete(String sha256) throws IOException;

    /**
     * Deletes the blob only if no put came after the one that answered {@code stamp}; answers whether
     * it went. The caller has already made sure no row names the blob.
     */
    boolean discard(String sha256, FileTime stamp) throws IOException;
}
