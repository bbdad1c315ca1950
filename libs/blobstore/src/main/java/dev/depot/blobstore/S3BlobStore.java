package dev.depot.blobstore;

import dev.depot.crypto.Hashes;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.internal.util.Mimetype;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.core.sync.ResponseTransformer;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.MetadataDirective;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Blobs as objects {@code <prefix>ab/cd/<sha256>} in one bucket; temporary files in a local directory.
 *
 * <p>Nothing half-written is visible: a single PUT appears whole or not at all, and a multipart upload
 * appears only when completed (it is aborted on any failure, and a stream whose SHA-256 turns out wrong is
 * aborted before completion). Memory stays bounded: one part (settings' partSize) per upload, and reads
 * stream from the HTTP response.
 *
 * <p>Stamps: S3's Last-Modified has whole seconds and no conditional delete can name "the put I made", so
 * two puts of the same bytes cannot be told apart. {@link #put} therefore answers a null stamp and
 * {@link #discard} deletes nothing: an upload whose row did not commit leaves its blob to the collector,
 * which deletes it once it is unreferenced and older than its grace period. A put of bytes already stored
 * refreshes the object's Last-Modified (a copy onto itself), so the collector's age check still protects a
 * blob whose row is on its way, exactly as with the local store.
 */
public class S3BlobStore implements BlobStore {

    private final S3Settings settings;
    private final S3Client s3;
    private final S3Presigner presigner;
    private final Path tmp;

    /** Reaches the bucket (making it when the settings say so); temporary files go under {@code tmp}. */
    public S3BlobStore(S3Settings settings, Path tmp) {
        this.settings = settings;
        this.tmp = tmp.toAbsolutePath();
        try {
            Files.createDirectories(this.tmp);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the temporary directory " + tmp, e);
        }
        AwsCredentialsProvider credentials = credentials(settings);
        Region region = Region.of(settings.region());
        var client = S3Client.builder()
                .region(region)
                .credentialsProvider(credentials)
                .forcePathStyle(settings.pathStyle())
                // Checksums only where S3 requires them: not every S3 server understands the newer trailers.
                .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                .httpClient(UrlConnectionHttpClient.builder()
                        .connectionTimeout(Duration.ofSeconds(10))
                        .socketTimeout(Duration.ofMinutes(2))
                        .build());
        var presign = S3Presigner.builder()
                .region(region)
                .credentialsProvider(credentials)
                // No checksum validation: a browser fetching the URL could not answer it.
                .serviceConfiguration(S3Configuration.builder()
                        .pathStyleAccessEnabled(settings.pathStyle())
                        .checksumValidationEnabled(false)
                        .build());
        if (settings.endpoint() != null) {
            client.endpointOverride(settings.endpoint());
            presign.endpointOverride(settings.endpoint());
        }
        this.s3 = client.build();
        this.presigner = presign.build();
        if (settings.createBucket()) {
            ensureBucket();
        }
    }

    private static AwsCredentialsProvider credentials(S3Settings settings) {
        if (settings.accessKey() != null && !settings.accessKey().isBlank()) {
            return StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(settings.accessKey(), settings.secretKey()));
        }
        return settings.endpoint() == null
                ? DefaultCredentialsProvider.builder().build()
                : AnonymousCredentialsProvider.create();
    }

    private void ensureBucket() {
        try {
            s3.headBucket(b -> b.bucket(settings.bucket()));
        } catch (NoSuchBucketException missing) {
            try {
                s3.createBucket(b -> b.bucket(settings.bucket()));
            } catch (S3Exception e) {
                if (e.statusCode() != 409) { // made by another process meanwhile
                    throw e;
                }
            }
        } catch (S3Exception e) {
            if (e.statusCode() != 404) {
                throw e;
            }
            s3.createBucket(b -> b.bucket(settings.bucket()));
        }
    }

    public S3Settings settings() {
        return settings;
    }

    String key(String sha256) {
        return settings.prefix() + BlobStore.relative(sha256);
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
        String key = key(sha256);
        try {
            if (!refresh(key)) {
                long size = Files.size(finished);
                if (size <= settings.partSize()) {
                    s3.putObject(
                            b -> b.bucket(settings.bucket()).key(key).contentLength(size),
                            RequestBody.fromFile(finished));
                } else {
                    uploadFileInParts(key, finished, size);
                }
            }
            Files.deleteIfExists(finished);
            return null;
        } catch (SdkException e) {
            throw new IOException("could not store " + describe(sha256) + ": " + e.getMessage(), e);
        }
    }

    /**
     * Marks an existing object fresh (a copy onto itself with new metadata moves its Last-Modified);
     * false when there is none to refresh, or it could not be copied (then it is uploaded again).
     */
    private boolean refresh(String key) {
        try {
            s3.headObject(b -> b.bucket(settings.bucket()).key(key));
        } catch (NoSuchKeyException e) {
            return false;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw e;
        }
        try {
            s3.copyObject(b -> b.sourceBucket(settings.bucket())
                    .sourceKey(key)
                    .destinationBucket(settings.bucket())
                    .destinationKey(key)
                    .metadataDirective(MetadataDirective.REPLACE)
                    .metadata(Map.of("depot-refreshed", Instant.now().toString())));
            return true;
        } catch (S3Exception e) {
            // Deleted meanwhile, or too large for one copy: storing the bytes again is always right.
            return false;
        }
    }

    private void uploadFileInParts(String key, Path file, long size) {
        String uploadId = s3.createMultipartUpload(
                        b -> b.bucket(settings.bucket()).key(key))
                .uploadId();
        try {
            List<CompletedPart> parts = new ArrayList<>();
            long partSize = settings.partSize();
            int number = 1;
            for (long offset = 0; offset < size; offset += partSize, number++) {
                long from = offset;
                long length = Math.min(partSize, size - offset);
                // A provider, not a stream: the SDK reopens it to sign the payload and on a retry.
                RequestBody body = RequestBody.fromContentProvider(
                        () -> {
                            try {
                                FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
                                ch.position(from);
                                return new BoundedInputStream(Channels.newInputStream(ch), length);
                            } catch (IOException e) {
                                throw new UncheckedIOException(e);
                            }
                        },
                        length,
                        Mimetype.MIMETYPE_OCTET_STREAM);
                parts.add(uploadPart(key, uploadId, number, body));
            }
            complete(key, uploadId, parts);
        } catch (RuntimeException e) {
            abort(key, uploadId, e);
            throw e;
        }
    }

    /**
     * One part in memory at a time: a stream that ends within the first part is one PUT, a longer one a
     * multipart upload that is completed only once the whole stream hashed to {@code sha256}.
     */
    @Override
    public FileTime put(InputStream in, String sha256) throws IOException {
        String key = key(sha256);
        MessageDigest digest = Hashes.sha256();
        int partSize = (int) settings.partSize();
        byte[] buffer = new byte[partSize];
        int n = in.readNBytes(buffer, 0, partSize);
        digest.update(buffer, 0, n);
        try {
            if (n < partSize || endOfStream(in)) {
                verify(sha256, digest);
                s3.putObject(b -> b.bucket(settings.bucket()).key(key).contentLength((long) n), bytes(buffer, n));
                return null;
            }
            String uploadId = s3.createMultipartUpload(
                            b -> b.bucket(settings.bucket()).key(key))
                    .uploadId();
            try {
                List<CompletedPart> parts = new ArrayList<>();
                int length = n;
                while (length > 0) {
                    parts.add(uploadPart(key, uploadId, parts.size() + 1, bytes(buffer, length)));
                    length = in.readNBytes(buffer, 0, partSize);
                    digest.update(buffer, 0, length);
                }
                verify(sha256, digest);
                complete(key, uploadId, parts);
                return null;
            } catch (IOException | RuntimeException e) {
                abort(key, uploadId, e);
                throw e;
            }
        } catch (SdkException e) {
            throw new IOException("could not store " + describe(sha256) + ": " + e.getMessage(), e);
        }
    }

    /** Whether the stream has ended, looked at only when the first part is full (so a full part is not split). */
    private static boolean endOfStream(InputStream in) throws IOException {
        if (!in.markSupported()) {
            return false;
        }
        in.mark(1);
        boolean end = in.read() < 0;
        in.reset();
        return end;
    }

    private static void verify(String expected, MessageDigest digest) throws DigestMismatchException {
        String actual = Hashes.hex(digest.digest());
        if (!actual.equals(expected)) {
            throw new DigestMismatchException(expected, actual);
        }
    }

    private static RequestBody bytes(byte[] buffer, int length) {
        // Not RequestBody.fromBytes: that copies, and one part in memory is the budget.
        return RequestBody.fromContentProvider(
                () -> new ByteArrayInputStream(buffer, 0, length), length, Mimetype.MIMETYPE_OCTET_STREAM);
    }

    private CompletedPart uploadPart(String key, String uploadId, int number, RequestBody body) {
        String etag = s3.uploadPart(
                        b -> b.bucket(settings.bucket())
                                .key(key)
                                .uploadId(uploadId)
                                .partNumber(number)
                                .contentLength(body.optionalContentLength().orElseThrow()),
                        body)
                .eTag();
        return CompletedPart.builder().partNumber(number).eTag(etag).build();
    }

    private void complete(String key, String uploadId, List<CompletedPart> parts) {
        s3.completeMultipartUpload(
                b -> b.bucket(settings.bucket()).key(key).uploadId(uploadId).multipartUpload(m -> m.parts(parts)));
    }

    /** Drops the parts so far: none of them is ever visible, and the bucket keeps no orphaned storage. */
    private void abort(String key, String uploadId, Exception cause) {
        try {
            s3.abortMultipartUpload(b -> b.bucket(settings.bucket()).key(key).uploadId(uploadId));
        } catch (RuntimeException e) {
            cause.addSuppressed(e);
        }
    }

    @Override
    public InputStream open(String sha256, long offset, long length) throws IOException {
        if (length == 0) {
            if (!exists(sha256)) {
                throw new NoSuchFileException(describe(sha256));
            }
            return InputStream.nullInputStream();
        }
        String range = offset == 0 && length < 0
                ? null
                : "bytes=" + offset + "-" + (length < 0 ? "" : String.valueOf(offset + length - 1));
        try {
            return s3.getObject(
                    b -> b.bucket(settings.bucket()).key(key(sha256)).range(range),
                    ResponseTransformer.toInputStream());
        } catch (NoSuchKeyException e) {
            throw new NoSuchFileException(describe(sha256));
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                throw new NoSuchFileException(describe(sha256));
            }
            if (e.statusCode() == 416) {
                return InputStream.nullInputStream(); // from past the end: nothing, as a file would answer
            }
            throw new IOException("could not read " + describe(sha256) + ": " + e.getMessage(), e);
        } catch (SdkException e) {
            throw new IOException("could not read " + describe(sha256) + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<BlobInfo> stat(String sha256) throws IOException {
        try {
            HeadObjectResponse h =
                    s3.headObject(b -> b.bucket(settings.bucket()).key(key(sha256)));
            return Optional.of(new BlobInfo(sha256, h.contentLength(), h.lastModified()));
        } catch (NoSuchKeyException e) {
            return Optional.empty();
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return Optional.empty();
            }
            throw new IOException("could not look at " + describe(sha256) + ": " + e.getMessage(), e);
        } catch (SdkException e) {
            throw new IOException("could not look at " + describe(sha256) + ": " + e.getMessage(), e);
        }
    }

    @Override
    public boolean delete(String sha256) throws IOException {
        if (stat(sha256).isEmpty()) {
            return false;
        }
        try {
            s3.deleteObject(b -> b.bucket(settings.bucket()).key(key(sha256)));
            return true;
        } catch (SdkException e) {
            throw new IOException("could not delete " + describe(sha256) + ": " + e.getMessage(), e);
        }
    }

    /**
     * Looks, then deletes: S3 has no delete conditional on age. The window between the two is the same the
     * local store has between reading a file's time and unlinking it, and a put refreshing a blob that has
     * sat unreferenced for the whole grace period is what it would take to fall in it.
     */
    @Override
    public boolean deleteIfOlder(String sha256, Instant cutoff) throws IOException {
        Optional<BlobInfo> info = stat(sha256);
        if (info.isEmpty() || !info.get().lastModified().isBefore(cutoff)) {
            return false;
        }
        try {
            s3.deleteObject(b -> b.bucket(settings.bucket()).key(key(sha256)));
            return true;
        } catch (SdkException e) {
            throw new IOException("could not delete " + describe(sha256) + ": " + e.getMessage(), e);
        }
    }

    /** Deletes nothing: this store's puts answer no stamp (see the class comment); the collector will. */
    @Override
    public boolean discard(String sha256, FileTime stamp) {
        BlobStore.checked(sha256);
        return false;
    }

    @Override
    public Stream<BlobInfo> list() throws IOException {
        try {
            return s3
                    .listObjectsV2Paginator(b -> b.bucket(settings.bucket()).prefix(settings.prefix()))
                    .contents()
                    .stream()
                    .filter(o -> isBlobKey(o.key()))
                    .map(o -> new BlobInfo(o.key().substring(o.key().length() - 64), o.size(), o.lastModified()));
        } catch (SdkException e) {
            throw new IOException("could not list bucket " + settings.bucket() + ": " + e.getMessage(), e);
        }
    }

    private boolean isBlobKey(String key) {
        if (!key.startsWith(settings.prefix())
                || key.length() != settings.prefix().length() + 70) {
            return false;
        }
        String sha = key.substring(key.length() - 64);
        return BlobStore.isSha256(sha) && key.equals(key(sha));
    }

    /**
     * Parts of resumable uploads as objects {@code <prefix>uploads/<id>/<part>}, each a plain PUT. Not
     * a multipart upload: tus clients send chunks of any size, often below S3's 5 MiB minimum for every
     * multipart part but the last, and a multipart upload could not be resumed from another replica
     * without its state anyway. Completion reads the parts back in order (see {@link #openParts}).
     */
    @Override
    public String putPart(String uploadId, long offset, Path chunk) throws IOException {
        String part = BlobStore.partName(offset);
        String key = partKey(uploadId, part);
        try {
            long size = Files.size(chunk);
            s3.putObject(b -> b.bucket(settings.bucket()).key(key).contentLength(size), RequestBody.fromFile(chunk));
            Files.deleteIfExists(chunk);
            return part;
        } catch (SdkException e) {
            throw new IOException("could not store part " + key + ": " + e.getMessage(), e);
        }
    }

    @Override
    public InputStream openParts(String uploadId, List<String> parts) throws IOException {
        List<String> keys = new ArrayList<>();
        for (String part : parts) {
            keys.add(partKey(uploadId, part));
        }
        return Parts.concatenated(keys.size(), i -> {
            try {
                return s3.getObject(
                        b -> b.bucket(settings.bucket()).key(keys.get(i)), ResponseTransformer.toInputStream());
            } catch (NoSuchKeyException e) {
                throw new NoSuchFileException("s3://" + settings.bucket() + "/" + keys.get(i));
            } catch (SdkException e) {
                throw new IOException("could not read " + keys.get(i) + ": " + e.getMessage(), e);
            }
        });
    }

    @Override
    public boolean deletePart(String uploadId, String part) throws IOException {
        String key = partKey(uploadId, part);
        try {
            s3.headObject(b -> b.bucket(settings.bucket()).key(key));
        } catch (NoSuchKeyException e) {
            return false;
        } catch (S3Exception e) {
            if (e.statusCode() == 404) {
                return false;
            }
            throw new IOException("could not look at " + key + ": " + e.getMessage(), e);
        }
        try {
            s3.deleteObject(b -> b.bucket(settings.bucket()).key(key));
            return true;
        } catch (SdkException e) {
            throw new IOException("could not delete " + key + ": " + e.getMessage(), e);
        }
    }

    @Override
    public int deleteParts(String uploadId) throws IOException {
        String prefix = uploadsPrefix() + BlobStore.checkedUploadId(uploadId) + "/";
        try {
            List<String> keys =
                    s3.listObjectsV2Paginator(b -> b.bucket(settings.bucket()).prefix(prefix)).contents().stream()
                            .map(o -> o.key())
                            .toList();
            for (String key : keys) {
                s3.deleteObject(b -> b.bucket(settings.bucket()).key(key));
            }
            return keys.size();
        } catch (SdkException e) {
            throw new IOException("could not delete the parts under " + prefix + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Set<String> uploadIds() throws IOException {
        String prefix = uploadsPrefix();
        try {
            return s3.listObjectsV2Paginator(b -> b.bucket(settings.bucket()).prefix(prefix)).contents().stream()
                    .map(o -> o.key().substring(prefix.length()))
                    .filter(rest -> rest.indexOf('/') == 36)
                    .map(rest -> rest.substring(0, 36))
                    .filter(id -> BlobStore.UPLOAD_ID.matcher(id).matches())
                    .collect(Collectors.toSet());
        } catch (SdkException e) {
            throw new IOException("could not list " + prefix + ": " + e.getMessage(), e);
        }
    }

    private String uploadsPrefix() {
        return settings.prefix() + "uploads/";
    }

    private String partKey(String uploadId, String part) {
        return uploadsPrefix() + BlobStore.checkedUploadId(uploadId) + "/" + BlobStore.checkedPart(part);
    }

    @Override
    public Optional<URI> presignedGet(String sha256, Duration ttl, String contentDisposition, String contentType) {
        String key = key(sha256);
        URI url = URI.create(presigner
                .presignGetObject(p -> p.signatureDuration(ttl).getObjectRequest(g -> g.bucket(settings.bucket())
                        .key(key)
                        .responseContentDisposition(contentDisposition)
                        .responseContentType(contentType)))
                .url()
                .toString());
        return Optional.of(url);
    }

    @Override
    public String describe(String sha256) {
        return "s3://" + settings.bucket() + "/" + key(sha256);
    }

    @Override
    public void close() {
        try {
            presigner.close();
        } finally {
            s3.close();
        }
    }
}
