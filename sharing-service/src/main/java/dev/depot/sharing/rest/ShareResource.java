package dev.depot.sharing.rest;

import dev.depot.common.security.CurrentUser;
import dev.depot.common.web.Page;
import dev.depot.common.web.PageRequest;
import dev.depot.sharing.Share;
import dev.depot.sharing.service.ShareService;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.time.OffsetDateTime;
import java.util.UUID;

/** /api/cdn/shares/: the caller's shares. */
@Path("/api/cdn/shares")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
public class ShareResource {

    private final ShareService shares;
    private final CurrentUser currentUser;

    public ShareResource(ShareService shares, CurrentUser currentUser) {
        this.shares = shares;
        this.currentUser = currentUser;
    }

    @GET
    @Path("/")
    public Uni<Page<ShareView>> list(@QueryParam("page") Integer page, @QueryParam("page_size") Integer pageSize,
            @Context UriInfo uri) {
        return shares.list(currentUser.id(), PageRequest.of(page, pageSize), uri).map(p -> p.map(ShareView::of));
    }

    /** The seed's Share fields; the public token is shown only once, when the share is created. */
    public record ShareView(UUID id, String resourceType, UUID resourceId, UUID sharedWithUser,
            String permissionLevel, boolean isPublic, OffsetDateTime expiresAt, boolean allowDownload,
            Integer downloadLimit, int downloadCount, boolean hasPassword, OffsetDateTime createdAt) {
        static ShareView of(Share s) {
            return new ShareView(s.id, s.resourceType, s.resourceId, s.sharedWithUserId, s.permissionLevel,
                    s.isPublic, s.expiresAt, s.allowDownload, s.downloadLimit, s.downloadCount,
                    s.passwordHash != null, s.createdAt);
        }
    }
}
