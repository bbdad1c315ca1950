package dev.depot.blobstore;

import static org.assertj.core.api.Assertions.assertThat;

import dev.depot.crypto.Hashes;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalBlobStoreTest extends BlobStoreContract {

    @TempDir
    static Path dir;

    static LocalBlobStore store;

    @BeforeAll
    static void open() {
        store = new LocalBlobStore(dir.resolve("blobs"), Clock.systemUTC());
    }

    @Override
    BlobStore store() {
        return store;
    }

    @Override
    boolean exactStamps() {
        return true;
    }

    @Test
    void keepsTheLayoutFilesServiceAndTheWorkerShare() throws Exception {
        byte[] bytes = unique("layout");
        String sha = Hashes.sha256Hex(bytes);

        store.put(spooled(bytes), sha);

        Path expected = dir.resolve("blobs")
                .resolve(sha.substring(0, 2))
                .resolve(sha.substring(2, 4))
                .resolve(sha);
        assertThat(expected).hasBinaryContent(bytes);
        assertThat(store.localPath(sha)).contains(expected);
        assertThat(store.presignedGet(sha, java.time.Duration.ofMinutes(1), null, null))
                .isEmpty();
    }

    @Test
    void aBlobACrashLeftAsideMidDiscardGoesBack() throws Exception {
        byte[] bytes = unique("crashed mid-discard");
        String sha = Hashes.sha256Hex(bytes);
        store.put(spooled(bytes), sha);
        Path aside = store.temporaryDirectory().resolve("discarding-" + sha + "-x");
        Files.move(store.path(sha), aside);
        assertThat(store.exists(sha)).isFalse();

        assertThat(LocalBlobStore.isDiscarding(aside)).isTrue();
        store.restoreDiscarding(aside);

        assertThat(store.path(sha)).hasBinaryContent(bytes);
        assertThat(aside).doesNotExist();
    }
}
