package dev.depot.blobstore;

import java.net.URI;

/**
 * How to reach a bucket. {@code endpoint} null means AWS itself; set it (and keep {@code pathStyle}) for
 * S3Proxy, MinIO or Garage. Keys are {@code prefix + ab/cd/<sha256>}. Objects larger than {@code partSize}
 * go up in parts of that size (at least 5 MiB, S3's minimum), which is also what one upload holds in memory.
 */
public record S3Settings(
        URI endpoint,
        String region,
        String bucket,
        String accessKey,
        String secretKey,
        String prefix,
        boolean pathStyle,
        long partSize,
        boolean createBucket) {

    public static final long DEFAULT_PART_SIZE = 16L << 20;
    private static final long MIN_PART_SIZE = 5L << 20;

    public S3Settings {
        if (bucket == null || bucket.isBlank()) {
            throw new IllegalArgumentException("an S3 blob store needs a bucket");
        }
        if (partSize < MIN_PART_SIZE) {
            throw new IllegalArgumentException("S3 parts are at least 5 MiB, not " + partSize);
        }
        region = region == null || region.isBlank() ? "us-east-1" : region;
        prefix = prefix == null ? "" : prefix;
        if (!prefix.isEmpty() && !prefix.endsWith("/")) {
            prefix = prefix + "/";
        }
    }

    /** Path-style, 16 MiB parts, the bucket made if missing: what S3Proxy, MinIO and Garage want. */
    public static S3Settings of(
            URI endpoint, String region, String bucket, String accessKey, String secretKey, String prefix) {
        return new S3Settings(endpoint, region, bucket, accessKey, secretKey, prefix, true, DEFAULT_PART_SIZE, true);
    }

    /** Virtual-hosted keys ({@code bucket.host/key}) when false: what AWS prefers for new buckets. */
    public S3Settings withPathStyle(boolean pathStyle) {
        return new S3Settings(
                endpoint, region, bucket, accessKey, secretKey, prefix, pathStyle, partSize, createBucket);
    }

    public S3Settings withPartSize(long bytes) {
        return new S3Settings(endpoint, region, bucket, accessKey, secretKey, prefix, pathStyle, bytes, createBucket);
    }

    @Override
    public String toString() {
        // Never the secret: settings end up in logs.
        return "S3Settings[endpoint=" + endpoint + ", region=" + region + ", bucket=" + bucket + ", prefix=" + prefix
                + ", pathStyle=" + pathStyle + ", partSize=" + partSize + "]";
    }
}
