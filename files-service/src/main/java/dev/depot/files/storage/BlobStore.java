package dev.depot.files.storage;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Where file bytes live, content-addressed by SHA-256. A blob becomes visible only complete and
 * verified; writing the same bytes twice stores them once. Calls block: run them on a worker.
 */
public interface BlobStore {

    /** A place for an incoming upload on the same file system as the blobs, so moving it in is atomic. */
    Path temporaryFile() throws IOException;

    /** Makes the finished, hashed temporary file the blob {@code sha256}; a no-op if that blob exists. */
    void put(Path finished, String sha256) throws IOException;

    /** The blob as a local file, for zero-copy sending. */
    Path path(String sha256);

    boolean exists(String sha256);

    /** Deletes the blob; answers whether there was one. */
    boolean delete(String sha256) throws IOException;
}
