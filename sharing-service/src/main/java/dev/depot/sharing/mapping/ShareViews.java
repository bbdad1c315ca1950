package dev.depot.sharing.mapping;

import dev.depot.sharing.KnownUser;
import dev.depot.sharing.ShareAccess;
import dev.depot.sharing.client.FilesClient.Resource;
import dev.depot.sharing.service.ShareService.Shown;
import dev.depot.sharing.service.ShareService.Status;
import dev.depot.sharing.service.ShareService.WithMe;
import dev.depot.sharing.service.TokenVault;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.UriBuilder;
import java.net.URI;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/** The JSON shapes of sharing-service (snake_case by the global Jackson setting). */
@ApplicationScoped
public class ShareViews {

    private final TokenVault vault;

    public ShareViews(TokenVault vault) {
        this.vault = vault;
    }

    public record UserRef(UUID id, String username) {
        static UserRef of(KnownUser u) {
            return u == null ? null : new UserRef(u.id, u.username);
        }
    }

    /** The resource as it now is: {@code state} live, trashed (the share is inert until restored) or gone. */
    public record ResourceRef(String name, String state, Long size, String mimeType) {
        static ResourceRef of(Resource r) {
            return r == null ? null : new ResourceRef(r.name(), r.state(), r.size(), r.mimeType());
        }
    }

    /**
     * The seed's Share fields, plus the link, the resource's state and whether a password is set; {@code owner}
     * and {@code created_by} name who made the share, {@code resource_owner} whose file or folder it is, and
     * {@code granted_via} the admin share its maker shared through (null for the resource's owner).
     */
    public record ShareView(UUID id, String resourceType, UUID resourceId, ResourceRef resource, UUID owner,
            UserRef sharedWithUser, String permissionLevel, boolean isPublic, String publicToken, String publicUrl,
            OffsetDateTime expiresAt, boolean allowDownload, Integer downloadLimit, int downloadCount,
            boolean hasPassword, OffsetDateTime createdAt, OffsetDateTime updatedAt, UserRef createdBy,
            UUID resourceOwner, UUID grantedVia) {
    }

    public record WithMeView(UUID id, String resourceType, UUID resourceId, ResourceRef resource, UserRef sharedBy,
            String permissionLevel, boolean allowDownload, OffsetDateTime expiresAt, OffsetDateTime sharedAt) {
    }

    public record StatusView(String resourceType, UUID resourceId, boolean isShared, long publicLinks,
            long sharedUsers, List<ShareView> shares) {
    }

    public record SharedUserView(UUID shareId, UserRef user, String permissionLevel, OffsetDateTime expiresAt,
            OffsetDateTime sharedAt) {
    }

    public record AccessView(UUID id, String kind, UUID fileId, UUID userId, String clientIp, String userAgent,
            OffsetDateTime accessedAt) {
        public static AccessView of(ShareAccess a) {
            return new AccessView(a.id, a.kind, a.fileId, a.userId, a.clientIp, a.userAgent, a.accessedAt);
        }
    }

    public ShareView view(Shown x, URI base) {
        var s = x.share();
        String token = s.isPublic ? vault.unseal(s.publicTokenSealed) : null;
        String url = token == null ? null
                : UriBuilder.fromUri(base).path("api/cdn/shares/public").path(token).path("/").build().toString();
        return new ShareView(s.id, s.resourceType, s.resourceId, ResourceRef.of(x.resource()), s.ownerId,
                UserRef.of(x.sharedWith()), s.permissionLevel, s.isPublic, token, url, s.expiresAt, s.allowDownload,
                s.downloadLimit, s.downloadCount, s.passwordHash != null, s.createdAt, s.updatedAt,
                new UserRef(s.ownerId, x.maker() == null ? null : x.maker().username), s.resourceOwnerId, s.grantedVia);
    }

    public WithMeView withMe(WithMe x) {
        var s = x.share();
        return new WithMeView(s.id, s.resourceType, s.resourceId, ResourceRef.of(x.resource()), UserRef.of(x.owner()),
                s.permissionLevel, s.allowsDownload(), s.expiresAt, s.createdAt);
    }

    public StatusView status(Status st, URI base) {
        return new StatusView(st.resourceType(), st.resourceId(), st.isShared(), st.publicLinks(), st.sharedUsers(),
                st.shares().stream().map(x -> view(x, base)).toList());
    }

    public SharedUserView sharedUser(Shown x) {
        var s = x.share();
        return new SharedUserView(s.id, UserRef.of(x.sharedWith()), s.permissionLevel, s.expiresAt, s.createdAt);
    }
}
