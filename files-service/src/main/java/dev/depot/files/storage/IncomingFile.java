package dev.depot.files.storage;

import dev.depot.crypto.Hashes;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import org.apache.tika.Tika;
import org.apache.tika.io.TikaInputStream;
import org.apache.tika.metadata.Metadata;
import org.apache.tika.metadata.TikaCoreProperties;

/**
 * What the server learns from an uploaded file's bytes: its hashes and its type; once the blob store
 * has them, the stamp its put answered (see {@link dev.depot.blobstore.BlobStore#discard}). Blocking.
 */
public record IncomingFile(Path path, long size, String sha256, String md5, String mimeType, FileTime stamp) {

    /** The same bytes, now in the blob store under {@code stamp}. */
    public IncomingFile stored(FileTime stamp) {
        return new IncomingFile(path, size, sha256, md5, mimeType, stamp);
    }

    private static final Tika TIKA = new Tika();

    /** Reads the file once in 1 MiB slices (memory does not grow with its size). */
    public static IncomingFile inspect(Path path, String filename) throws IOException {
        MessageDigest sha = Hashes.sha256();
        MessageDigest md5 = Hashes.md5();
        long size = 0;
        ByteBuffer buffer = ByteBuffer.allocate(1 << 20);
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            while (ch.read(buffer) > 0) {
                buffer.flip();
                size += buffer.remaining();
                sha.update(buffer.duplicate());
                md5.update(buffer);
                buffer.clear();
            }
        }
        return new IncomingFile(
                path, size, Hashes.hex(sha.digest()), Hashes.hex(md5.digest()), detect(path, filename), null);
    }

    /** Magic numbers first; the name only breaks ties the bytes leave open (plain text, say). */
    private static String detect(Path path, String filename) throws IOException {
        Metadata metadata = new Metadata();
        metadata.set(TikaCoreProperties.RESOURCE_NAME_KEY, filename);
        try (InputStream in = TikaInputStream.get(Files.newInputStream(path))) {
            return TIKA.detect(in, metadata);
        }
    }
}
