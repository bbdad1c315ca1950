package dev.depot.files.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.depot.events.payload.SharePayload;
import dev.depot.files.ShareGrant;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Which shares become grants, and at what level. */
class ShareGrantServiceTest {

    private static final OffsetDateTime NOW = OffsetDateTime.parse("2025-01-01T00:00:00Z");

    private static SharePayload share(String type, UUID grantee, String level, boolean allowDownload, boolean active) {
        return new SharePayload(
                UUID.randomUUID(),
                UUID.randomUUID(),
                type,
                UUID.randomUUID(),
                grantee,
                level,
                grantee == null,
                Instant.parse("2030-01-01T00:00:00Z"),
                allowDownload,
                active);
    }

    @Test
    void anActiveUserShareBecomesAGrantAtItsLevel() {
        for (String level : new String[] {"view", "download", "edit", "admin"}) {
            SharePayload s = share("folder", UUID.randomUUID(), level, true, true);
            ShareGrant g = ShareGrantService.grantOf(s, NOW);
            assertThat(g.permissionLevel).isEqualTo(level);
            assertThat(g.granteeId).isEqualTo(s.sharedWithUserId());
            assertThat(g.resourceId).isEqualTo(s.resourceId());
            assertThat(g.expiresAt.toInstant()).isEqualTo(s.expiresAt());
            assertThat(g.updatedAt).isEqualTo(NOW);
        }
    }

    @Test
    void downloadWithoutAllowDownloadIsView() {
        assertThat(ShareGrantService.grantOf(share("file", UUID.randomUUID(), "download", false, true), NOW)
                        .permissionLevel)
                .isEqualTo("view");
        assertThat(ShareGrantService.grantOf(share("file", UUID.randomUUID(), "edit", false, true), NOW)
                        .permissionLevel)
                .isEqualTo("edit");
    }

    @Test
    void inactivePublicUploadOnlyAndOddSharesGrantNothing() {
        assertThat(ShareGrantService.grantOf(share("file", UUID.randomUUID(), "view", true, false), NOW))
                .isNull();
        assertThat(ShareGrantService.grantOf(share("file", null, "view", true, true), NOW))
                .isNull();
        assertThat(ShareGrantService.grantOf(share("folder", UUID.randomUUID(), "upload", true, true), NOW))
                .isNull();
        assertThat(ShareGrantService.grantOf(share("album", UUID.randomUUID(), "view", true, true), NOW))
                .isNull();
        assertThat(ShareGrantService.grantOf(share("file", UUID.randomUUID(), "owner", true, true), NOW))
                .isNull();
    }
}
