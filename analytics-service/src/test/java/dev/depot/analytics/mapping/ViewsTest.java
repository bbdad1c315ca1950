package dev.depot.analytics.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import dev.depot.analytics.ActivityEntry;
import dev.depot.analytics.FileStat;
import dev.depot.analytics.repository.FileStatsRepository.MimeUsage;
import dev.depot.analytics.repository.UserProfileRepository.UserProfile;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ViewsTest {

    /** Every *_size_human of the dashboard as CDN clients read it (HumanSize). */
    @ParameterizedTest
    @CsvSource({
        "0,0.0 B",
        "1023,1023.0 B",
        "1024,1.0 KB",
        "1536,1.5 KB",
        "1048575,1024.0 KB",
        "1048576,1.0 MB",
        "1073741824,1.0 GB",
        "1610612736,1.5 GB",
        "1099511627776,1.0 TB"
    })
    void dashboardSizesReadAsCdnClientsExpectThem(long bytes, String human) {
        assertThat(Views.stats(1, 0, bytes).totalSizeHuman()).isEqualTo(human);
        assertThat(Views.fileSummary(file("a.bin", bytes)).fileSizeHuman()).isEqualTo(human);
        assertThat(Views.typeUsage(new MimeUsage("application/octet-stream", "others", 1, bytes), "Others")
                        .sizeHuman())
                .isEqualTo(human);
    }

    @ParameterizedTest
    @CsvSource(value = {"Photo.JPG,jpg", "archive.tar.gz,gz", "README,''", ".bashrc,''", "trailing.,''"})
    void theExtensionIsWhatFilesServiceWouldSay(String filename, String extension) {
        assertThat(Views.fileSummary(file(filename, 1)).fileExtension()).isEqualTo(extension);
    }

    @Test
    void anEntryWithoutDetailsHasEmptyMetadataAndAUserWithWhatIsKnown() {
        ActivityEntry e = new ActivityEntry();
        e.id = UUID.randomUUID();
        e.userId = UUID.randomUUID();
        e.action = "file.uploaded";
        e.resourceType = "file";
        e.resourceId = UUID.randomUUID().toString();
        e.occurredAt = OffsetDateTime.now(ZoneOffset.UTC);
        Views.ActivityView v = Views.activity(e, Views.userDetail(e.userId, null));
        assertThat(v.metadata().isObject()).isTrue();
        assertThat(v.metadata().isEmpty()).isTrue();
        assertThat(v.details()).isNull();
        assertThat(v.userDetail()).isEqualTo(new Views.UserDetail(e.userId, null, null, null, null));
        assertThat(Views.userDetail(e.userId, new UserProfile(e.userId, "ada", "ada@example.com", "Ada L.", null)))
                .isEqualTo(new Views.UserDetail(e.userId, "ada", "ada@example.com", "Ada L.", null));
    }

    private static FileStat file(String name, long size) {
        OffsetDateTime t = OffsetDateTime.now(ZoneOffset.UTC);
        return new FileStat(
                UUID.randomUUID(),
                UUID.randomUUID(),
                name,
                null,
                size,
                "application/octet-stream",
                "others",
                false,
                false,
                t,
                t,
                0,
                0,
                0,
                null);
    }
}
