package dev.depot.filesapi;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.UUID;

/**
 * A resource as files-service sees it: {@code state} live, trashed or gone; {@code access} the asking
 * user's level (owner, admin, edit... or null), and {@code via_share_id}, for admin, the user share whose
 * grant gives it (what a re-share is made through).
 */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ResourceInfo(
        String resourceType,
        UUID resourceId,
        String state,
        UUID ownerId,
        String name,
        Long size,
        String mimeType,
        UUID parentId,
        String path,
        String access,
        UUID viaShareId) {

    public static final String LIVE = "live";

    /** Not a bean getter, so not a field on the wire. */
    public boolean live() {
        return LIVE.equals(state);
    }
}
