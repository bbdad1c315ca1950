package dev.depot.blobstore;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Where file bytes live, content-addressed by SHA-256 (lower-case hex). A blob becomes visible only
 * complete and verified; writing the same bytes twice stores them once and marks the blob fresh (its
 * last-modified time moves to now), which is what keeps the collector's grace period from deleting a
 * blob whose row is still being written. Every call blocks: run them on a worker thread.
 */
public interface BlobStore extends Closeable {

    /**
     * A local directory for files on their way in (spooled request bodies, uploads being hashed). For the
     * local store it is on the blobs' file system, so {@link #put(Path, String)} is an atomic rename.
     */
    Path temporaryDirectory();

    /** A new empty file in {@link #temporaryDirectory()}. */
    Path temporaryFile() throws IOException;

    /**
     * Makes the finished temporary file, whose SHA-256 the caller computed, the blob {@code sha256}; the
     * file is gone afterwards (moved in, uploaded or, when the blob was already there, deleted). Answers the
     * stamp this put left on the blob for {@link #discard}, or null when the store cannot tell this put
     * from a later one of the same bytes (then discard leaves the blob to the collector).
     */
    FileTime put(Path finished, String sha256) throws IOException;

    /**
     * Stores what {@code in} yields as the blob {@code sha256}, hashing while it streams; when the bytes'
     * SHA-256 is another, throws {@link DigestMismatchException} and stores nothing. Memory stays bounded
     * whatever the size. Answers the stamp as {@link #put(Path, String)}.
     */
    FileTime put(InputStream in, String sha256) throws IOException;

    /** The whole blob; {@link java.nio.file.NoSuchFileException} if there is none. Close the stream. */
    default InputStream open(String sha256) throws IOException {
        return open(sha256, 0, -1);
    }

    /**
     * {@code length} bytes from {@code offset} ({@code length} -1: to the end); fewer if the blob ends
     * first. {@link java.nio.file.NoSuchFileException} if there is no such blob.
     */
    InputStream open(String sha256, long offset, long length) throws IOException;

    /** Size and last-modified time, or empty when there is no such blob. */
    Optional<BlobInfo> stat(String sha256) throws IOException;

    /** Whether there is such a blob; unchecked, since callers mostly ask it inside filters. */
    default boolean exists(String sha256) {
        try {
            return stat(sha256).isPresent();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Deletes the blob; answers whether there was one. */
    boolean delete(String sha256) throws IOException;

    /**
     * Deletes the blob if it was last modified before {@code cutoff}, for the collector (which has checked
     * that no row names it); answers whether it went. A put of the same bytes moves the blob's time past
     * the cutoff, so it is left alone.
     */
    boolean deleteIfOlder(String sha256, Instant cutoff) throws IOException;

    /**
     * Deletes the blob only if no put came after the one that answered {@code stamp}; answers whether it
     * went. The caller has already made sure no row names the blob. A null stamp deletes nothing.
     */
    boolean discard(String sha256, FileTime stamp) throws IOException;

    /** Every blob (not the temporary files), in no particular order. Close the stream. */
    Stream<BlobInfo> list() throws IOException;

    /**
     * Stores {@code chunk} (a file in {@link #temporaryDirectory()}, gone afterwards) as a part of the
     * resumable upload {@code uploadId}, received at {@code offset}. Answers the part's name, unique to
     * this call: two requests racing to append at the same offset never overwrite each other's part, and
     * the caller records (in its database) which part it made count. A part is visible whole or not at all.
     */
    String putPart(String uploadId, long offset, Path chunk) throws IOException;

    /**
     * The named parts of {@code uploadId}, one after another as a single stream, read as it is consumed
     * (one part open at a time). {@link java.nio.file.NoSuchFileException} when one of them is missing.
     */
    InputStream openParts(String uploadId, List<String> parts) throws IOException;

    /** Deletes one part (a request that lost the race for its offset); answers whether it was there. */
    boolean deletePart(String uploadId, String part) throws IOException;

    /** Deletes every part of {@code uploadId}; answers how many went. */
    int deleteParts(String uploadId) throws IOException;

    /** The uploads that have parts stored, for the collector to find those whose upload is gone. */
    Set<String> uploadIds() throws IOException;

    /** The blob as a local file, for zero-copy sending; empty when the store is not local. */
    default Optional<Path> localPath(String sha256) {
        return Optional.empty();
    }

    /**
     * A URL anyone may GET the blob from until {@code ttl} has passed, answered with these
     * Content-Disposition and Content-Type (either may be null); empty when the store cannot sign one.
     */
    default Optional<URI> presignedGet(String sha256, Duration ttl, String contentDisposition, String contentType) {
        return Optional.empty();
    }

    /** Where a blob is, for logs and error messages. */
    String describe(String sha256);

    @Override
    default void close() throws IOException {}

    /** Throws unless {@code sha256} is 64 lower-case hex digits (it becomes a path or a key). */
    static String checked(String sha256) {
        if (sha256 == null || !isSha256(sha256)) {
            throw new IllegalArgumentException("not a SHA-256: " + sha256);
        }
        return sha256;
    }

    static boolean isSha256(String s) {
        if (s.length() != 64) {
            return false;
        }
        for (int i = 0; i < 64; i++) {
            char c = s.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }

    /** Throws unless {@code uploadId} is a UUID in lower case (it becomes a path or a key). */
    static String checkedUploadId(String uploadId) {
        if (uploadId == null || !UPLOAD_ID.matcher(uploadId).matches()) {
            throw new IllegalArgumentException("not an upload id: " + uploadId);
        }
        return uploadId;
    }

    /** Throws unless {@code part} is a name {@link #partName} made. */
    static String checkedPart(String part) {
        if (part == null || !PART.matcher(part).matches()) {
            throw new IllegalArgumentException("not an upload part: " + part);
        }
        return part;
    }

    /**
     * {@code <offset, 20 digits>-<random>}: sorts by offset, and two requests at one offset get two names.
     */
    static String partName(long offset) {
        if (offset < 0) {
            throw new IllegalArgumentException("negative offset " + offset);
        }
        return String.format(
                "%020d-%s", offset, java.util.UUID.randomUUID().toString().replace("-", ""));
    }

    java.util.regex.Pattern UPLOAD_ID = java.util.regex.Pattern.compile("[0-9a-f]{8}(-[0-9a-f]{4}){3}-[0-9a-f]{12}");
    java.util.regex.Pattern PART = java.util.regex.Pattern.compile("[0-9]{20}-[0-9a-f]{32}");

    /** {@code ab/cd/abcd...}: the blob's place under the store's root or key prefix. */
    static String relative(String sha256) {
        checked(sha256);
        return sha256.substring(0, 2) + "/" + sha256.substring(2, 4) + "/" + sha256;
    }
}
