package dev.depot.files.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.depot.common.error.ApiException;
import org.junit.jupiter.api.Test;

/** The relative paths a folder upload names its parts by, checked without a server. */
class FolderUploadPathsTest {

    @Test
    void aRelativePathIsItsSegments() {
        assertThat(UploadService.segments("Album/2024/a.jpg")).containsExactly("Album", "2024", "a.jpg");
        // Windows separators are separators too.
        assertThat(UploadService.segments("Album\\2024\\a.jpg")).containsExactly("Album", "2024", "a.jpg");
        // Dots within a name are no dot segments.
        assertThat(UploadService.segments("Album/.hidden/a..b/...")).containsExactly("Album", ".hidden", "a..b", "...");
    }

    @Test
    void dotAndEmptySegmentsAreRefused() {
        for (String path : new String[] {
            "Album/./a.jpg",
            "Album/../a.jpg",
            "../a.jpg",
            "./a.jpg",
            "Album/..",
            "Album\\..\\a.jpg",
            "Album//a.jpg",
            "Album/a.jpg/"
        }) {
            assertThatThrownBy(() -> UploadService.segments(path))
                    .as(path)
                    .isInstanceOf(ApiException.class)
                    .hasMessageContaining("has an empty, '.' or '..' segment")
                    .satisfies(e -> assertThat(((ApiException) e).status()).isEqualTo(400));
        }
    }

    @Test
    void absoluteAndMissingPathsAreRefused() {
        for (String path : new String[] {"/etc/passwd", "\\server\\share", "C:/windows.png", "c:\\x.png", "", "  "}) {
            assertThatThrownBy(() -> UploadService.segments(path))
                    .as(path)
                    .isInstanceOf(ApiException.class)
                    .hasMessageContaining("is not a relative path");
        }
        assertThatThrownBy(() -> UploadService.segments(null))
                .isInstanceOf(ApiException.class)
                .hasMessageContaining("is not a relative path");
    }

    @Test
    void eachSegmentMustBeAName() {
        assertThatThrownBy(() -> UploadService.segments("Album/a\u0000.jpg"))
                .isInstanceOf(ApiException.class)
                .hasMessageContaining("control characters");
        assertThatThrownBy(() -> UploadService.segments("Album/" + "x".repeat(256)))
                .isInstanceOf(ApiException.class)
                .hasMessageContaining("255 bytes");
    }
}
