package dev.depot.files.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/** Where the blobs are, {@code depot.blobstore.*}: shared with processing-worker (see libs/blobstore). */
@ConfigMapping(prefix = "depot.blobstore")
public interface BlobStoreConfig {

    /** {@code local} (under the data directory, the default) or {@code s3}. */
    @WithDefault("local")
    String kind();

    S3 s3();

    interface S3 {
        /** S3Proxy, MinIO, Garage...; unset: AWS. */
        Optional<String> endpoint();

        @WithDefault("depot-blobs")
        String bucket();

        @WithDefault("us-east-1")
        String region();

        Optional<String> accessKey();

        Optional<String> secretKey();

        /** Keys as {@code host/bucket/key} (S3Proxy, MinIO, Garage need it); false: {@code bucket.host/key}. */
        @WithDefault("true")
        boolean pathStyle();

        /** Put before every key ({@code <prefix>ab/cd/<sha256>}). */
        @WithDefault("blobs/")
        String prefix();

        /**
         * Signed-URL downloads (/cdn/{id}/{name}?exp=&sig=) answered with a 302 to a presigned URL of the
         * bucket instead of streaming through files-service; off by default (the bucket must be reachable
         * by clients then).
         */
        @WithDefault("false")
        boolean redirectDownloads();
    }
}
