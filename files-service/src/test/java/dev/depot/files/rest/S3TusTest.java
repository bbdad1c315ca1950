package dev.depot.files.rest;

import static dev.depot.files.rest.TusReplicasTest.content;
import static dev.depot.files.rest.TusReplicasTest.create;
import static dev.depot.files.rest.TusReplicasTest.idOf;
import static dev.depot.files.rest.TusReplicasTest.offset;
import static dev.depot.files.rest.TusReplicasTest.patch;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.depot.blobstore.BlobStore;
import dev.depot.blobstore.S3BlobStore;
import dev.depot.files.config.FilesConfig;
import dev.depot.files.repository.TusUploadRepository;
import dev.depot.files.service.Access;
import dev.depot.files.service.BlobCollector;
import dev.depot.files.service.Caller;
import dev.depot.files.service.FileService;
import dev.depot.files.service.QuotaService;
import dev.depot.files.service.TusService;
import dev.depot.files.service.UploadService;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Arrays;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Resumable uploads with the blobs in S3 (S3Proxy): chunks far below S3's multipart minimum become
 * plain part objects, and a replica with a temporary directory of its own picks the upload up.
 */
@QuarkusTest
@TestProfile(S3BytesTest.InS3.class)
class S3TusTest {

    @Inject
    BlobStore blobs;

    @Inject
    BlobCollector collector;

    @Inject
    TusUploadRepository rows;

    @Inject
    FilesConfig config;

    @Inject
    FileService files;

    @Inject
    UploadService uploads;

    @Inject
    QuotaService quotas;

    @Inject
    Access access;

    @Inject
    Clock clock;

    @Test
    void anUploadStartedOnOneReplicaIsFinishedOnAnotherWithNothingOnTheFirstsDisk() throws Exception {
        assertThat(blobs).isInstanceOf(S3BlobStore.class);
        Path otherDisk = Files.createTempDirectory("other-replica-");
        try (S3BlobStore otherStore = new S3BlobStore(((S3BlobStore) blobs).settings(), otherDisk)) {
            TusService other =
                    new TusService(config, otherStore, files, uploads, quotas, access, collector, rows, clock);
            Drive d = new Drive();
            byte[] bytes = BytesTest.png(700_000);
            String path = create(d, bytes.length, "in-the-bucket.png");
            String id = idOf(path);

            patch(d, path, 0, Arrays.copyOfRange(bytes, 0, 300_000))
                    .then()
                    .statusCode(204)
                    .header("Upload-Offset", "300000");
            assertThat(otherStore.uploadIds()).contains(id);
            TusService.Appended second = other.append(
                    new Caller(d.user),
                    UUID.fromString(id),
                    300_000,
                    new ByteArrayInputStream(Arrays.copyOfRange(bytes, 300_000, 500_000)));
            assertThat(second.offset()).isEqualTo(500_000);
            assertThat(offset(d, path)).isEqualTo(500_000);
            // A PATCH at a stale offset is refused whichever replica gets it.
            patch(d, path, 300_000, new byte[] {1}).then().statusCode(409);

            // The first replica is gone: the other finishes the upload.
            TusService.Appended last = other.append(
                    new Caller(d.user),
                    UUID.fromString(id),
                    500_000,
                    new ByteArrayInputStream(Arrays.copyOfRange(bytes, 500_000, bytes.length)));
            assertThat(last.offset()).isEqualTo(bytes.length);
            assertThat(last.fileId()).isNotNull();
            assertThat(content(d, last.fileId().toString())).isEqualTo(bytes);
            assertThat(blobs.exists(BytesTest.sha256(bytes))).isTrue();
            assertThat(blobs.uploadIds()).doesNotContain(id);
            given().auth()
                    .oauth2(d.token)
                    .header("Tus-Resumable", "1.0.0")
                    .head(path)
                    .then()
                    .statusCode(200)
                    .header("Depot-File-Id", last.fileId().toString());
            try (Stream<Path> left = Files.walk(otherDisk)) {
                assertThat(left.filter(Files::isRegularFile)).isEmpty();
            }
        }
    }
}
