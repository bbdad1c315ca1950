package dev.depot.sharing.mapping;

import dev.depot.filesapi.ResourceInfo;
import dev.depot.sharing.KnownUser;
import dev.depot.sharing.Share;
import dev.depot.sharing.ShareAccess;
import dev.depot.sharing.service.ShareQueries.Shown;
import dev.depot.sharing.service.ShareQueries.StatusEntry;
import dev.depot.sharing.service.ShareQueries.WithMe;
import dev.depot.sharing.service.TokenVault;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.UriBuilder;
import java.net.URI;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** The JSON shapes of sharing-service (snake_case by the global Jackson setting). */
@ApplicationScoped
public class ShareViews {

    private final TokenVault vault;
    private final Clock clock;

    public ShareViews(TokenVault vault, Clock clock) {
        this.vault = vault;
        this.clock = clock;
    }

    public record UserRef(UUID id, String username) {
        static UserRef of(KnownUser u) {
            return u == null ? null : new UserRef(u.id, u.username);
        }
    }

    /** The resource as it now is: {@code state} live, trashed (the share is inert until restored) or gone. */
    public record ResourceRef(String name, String state, Long size, String mimeType) {
        static ResourceRef of(ResourceInfo r) {
            return r == null ? null : new ResourceRef(r.name(), r.state(), r.size(), r.mimeType());
        }
    }

    /**
     * A user as CDN clients show one, from what auth-service announced; its events carry no full
     * name or picture, so those are null until they do.
     */
    public record OwnerDetail(UUID id, String username, String email, String fullName, String profilePicture) {
        static OwnerDetail of(KnownUser u) {
            return u == null ? null : new OwnerDetail(u.id, u.username, u.email, u.displayName, u.avatarUrl);
        }
    }

    /** resource_detail of a shared file; what files-service does not report (a thumbnail) is null. */
    public record FileDetail(UUID id, String filename, Long fileSize, String mimeType, String thumbnailUrl) {}

    /** resource_detail of a shared folder; files-service's lookup does not count its files, so null. */
    public record FolderDetail(UUID id, String name, String path, Integer filesCount) {}

    /**
     * The share's own fields, plus the link, the resource's state and whether a password is set; {@code owner}
     * and {@code created_by} name who made the share, {@code resource_owner} whose file or folder it is, and
     * {@code granted_via} the admin share its maker shared through (null for the resource's owner). The
     * fields CDN clients read come along: owner_detail, password_protected (has_password's twin),
     * allow_preview, resource_detail, is_expired, can_download and access_logs_count.
     */
    public record ShareView(
            UUID id,
            String resourceType,
            UUID resourceId,
            ResourceRef resource,
            UUID owner,
            OwnerDetail ownerDetail,
            UserRef sharedWithUser,
            String permissionLevel,
            boolean isPublic,
            String publicToken,
            String publicUrl,
            boolean passwordProtected,
            OffsetDateTime expiresAt,
            boolean allowDownload,
            boolean allowPreview,
            Integer downloadLimit,
            int downloadCount,
            Object resourceDetail,
            boolean isExpired,
            boolean canDownload,
            long accessLogsCount,
            boolean hasPassword,
            OffsetDateTime createdAt,
            OffsetDateTime updatedAt,
            UserRef createdBy,
            UUID resourceOwner,
            UUID grantedVia) {}

    public record WithMeView(
            UUID id,
            String resourceType,
            UUID resourceId,
            ResourceRef resource,
            UserRef sharedBy,
            String permissionLevel,
            boolean allowDownload,
            OffsetDateTime expiresAt,
            OffsetDateTime sharedAt) {}

    public record SharedWithView(UUID userId, String username, String permissionLevel) {}

    /**
     * One share in a resource's status: {@code owner} is its maker's username, {@code your_permission} the
     * caller's on the resource, {@code shared_with} the user a grant names (none for a public link).
     */
    public record StatusShareView(
            UUID shareId,
            String owner,
            boolean isPublic,
            String publicToken,
            String publicUrl,
            OffsetDateTime expiresAt,
            boolean passwordProtected,
            String yourPermission,
            List<SharedWithView> sharedWith,
            String permissionLevel,
            UUID grantedVia) {}

    public record SharedUserView(
            UUID shareId,
            UUID userId,
            String username,
            UserRef user,
            String permissionLevel,
            OffsetDateTime expiresAt,
            OffsetDateTime sharedAt) {}

    public record AccessView(
            UUID id,
            String kind,
            UUID fileId,
            UUID userId,
            String clientIp,
            String userAgent,
            OffsetDateTime accessedAt) {
        public static AccessView of(ShareAccess a) {
            return new AccessView(a.id, a.kind, a.fileId, a.userId, a.clientIp, a.userAgent, a.accessedAt);
        }
    }

    public ShareView view(Shown x, URI base) {
        ResourceInfo r = x.resource();
        return view(
                x.share(),
                r,
                OwnerDetail.of(x.maker()),
                UserRef.of(x.sharedWith()),
                x.maker(),
                x.share().isFolder()
                        ? new FolderDetail(
                                x.share().resourceId, r == null ? null : r.name(), r == null ? null : r.path(), null)
                        : new FileDetail(
                                x.share().resourceId,
                                r == null ? null : r.name(),
                                r == null ? null : r.size(),
                                r == null ? null : r.mimeType(),
                                null),
                x.accessLogs(),
                base);
    }

    /**
     * A public link's share as its visitor sees it: the resource's detail is what the link opened, and the
     * maker's email is left out, as the link may be anyone's to open.
     */
    public ShareView publicView(Share s, KnownUser maker, Object resourceDetail, long accessLogs, URI base) {
        OwnerDetail owner = maker == null
                ? null
                : new OwnerDetail(maker.id, maker.username, null, maker.displayName, maker.avatarUrl);
        return view(s, null, owner, null, maker, resourceDetail, accessLogs, base);
    }

    private ShareView view(
            Share s,
            ResourceInfo r,
            OwnerDetail ownerDetail,
            UserRef sharedWith,
            KnownUser maker,
            Object resourceDetail,
            long accessLogs,
            URI base) {
        String token = s.isPublic ? vault.unseal(s.publicTokenSealed) : null;
        OffsetDateTime now = OffsetDateTime.now(clock);
        return new ShareView(
                s.id,
                s.resourceType,
                s.resourceId,
                ResourceRef.of(r),
                s.ownerId,
                ownerDetail,
                sharedWith,
                s.permissionLevel,
                s.isPublic,
                token,
                link(token, base),
                s.passwordHash != null,
                s.expiresAt,
                s.allowDownload,
                s.allowPreview,
                s.downloadLimit,
                s.downloadCount,
                resourceDetail,
                s.hasExpired(now),
                s.canDownload(now),
                accessLogs,
                s.passwordHash != null,
                s.createdAt,
                s.updatedAt,
                new UserRef(s.ownerId, maker == null ? null : maker.username),
                s.resourceOwnerId,
                s.grantedVia);
    }

    /**
     * The link's page, {base}s/{token}: a browser is given the web app's page for it by the gateway, an
     * API client the link's JSON (SharePageResource), so one URL serves both.
     */
    private static String link(String token, URI base) {
        return token == null
                ? null
                : UriBuilder.fromUri(base).path("s").path(token).build().toString();
    }

    public WithMeView withMe(WithMe x) {
        var s = x.share();
        return new WithMeView(
                s.id,
                s.resourceType,
                s.resourceId,
                ResourceRef.of(x.resource()),
                UserRef.of(x.owner()),
                s.permissionLevel,
                s.allowsDownload(),
                s.expiresAt,
                s.createdAt);
    }

    public StatusShareView status(StatusEntry x, URI base) {
        Share s = x.share();
        String token = s.isPublic ? vault.unseal(s.publicTokenSealed) : null;
        List<SharedWithView> with = s.sharedWithUserId == null
                ? List.of()
                : List.of(new SharedWithView(
                        s.sharedWithUserId,
                        x.sharedWith() == null ? null : x.sharedWith().username,
                        s.permissionLevel));
        return new StatusShareView(
                s.id,
                x.maker() == null ? null : x.maker().username,
                s.isPublic,
                token,
                link(token, base),
                s.expiresAt,
                s.passwordHash != null,
                x.yourPermission(),
                with,
                s.permissionLevel,
                s.grantedVia);
    }

    public SharedUserView sharedUser(Shown x) {
        var s = x.share();
        return new SharedUserView(
                s.id,
                s.sharedWithUserId,
                x.sharedWith() == null ? null : x.sharedWith().username,
                UserRef.of(x.sharedWith()),
                s.permissionLevel,
                s.expiresAt,
                s.createdAt);
    }
}
