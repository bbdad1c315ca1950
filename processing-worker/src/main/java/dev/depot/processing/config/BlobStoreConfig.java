package dev.depot.processing.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.util.Optional;

/** Where the blobs are, {@code depot.blobstore.*}: the same store files-service uses (see libs/blobstore). */
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
    }
}
