package dev.depot.sharing.mapping;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.depot.filesapi.DownloadLink;
import dev.depot.filesapi.DropTicket;
import dev.depot.filesapi.SharedContents;
import dev.depot.filesapi.SharedFile;
import dev.depot.sharing.KnownUser;
import dev.depot.sharing.Share;
import dev.depot.sharing.config.SharingConfig;
import dev.depot.sharing.mapping.ShareViews.FileDetail;
import dev.depot.sharing.mapping.ShareViews.FolderDetail;
import dev.depot.sharing.service.PublicShareService.Opened;
import dev.depot.sharing.service.TokenVault;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.UriBuilder;
import java.net.URI;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;

/** The JSON a public link's visitor gets: the link's page, a download's answer and a drop ticket. */
@ApplicationScoped
public class PublicShareViews {

    private final ShareViews views;
    private final TokenVault vault;
    private final SharingConfig config;
    private final ObjectMapper mapper;
    private final Clock clock;

    public PublicShareViews(
            ShareViews views, TokenVault vault, SharingConfig config, ObjectMapper mapper, Clock clock) {
        this.views = views;
        this.vault = vault;
        this.config = config;
        this.mapper = mapper;
        this.clock = clock;
    }

    /**
     * The answer to a download: the URL to redirect to (single-use for a protected link). files-service
     * says whether it may be a redirect's target: an external URL (a registered file's) on a host its
     * operator did not allow is not, and is answered as data instead.
     */
    public record Download(
            URI downloadUrl,
            String filename,
            Long size,
            String mimeType,
            Instant expiresAt,
            boolean external,
            boolean redirect) {}

    public record Drop(URI uploadUrl, String method, String field, OffsetDateTime expiresAt) {}

    public static Download download(DownloadLink link, URI base) {
        return new Download(
                absolute(base, link.downloadUrl()),
                link.filename(),
                link.size(),
                link.mimeType(),
                link.expiresAt(),
                link.external(),
                link.redirect());
    }

    public static Drop drop(DropTicket ticket, URI base) {
        return new Drop(absolute(base, ticket.uploadUrl()), "POST", "file", ticket.expiresAt());
    }

    /**
     * The link's page: {@code share}, and {@code file}, or {@code folder}, {@code folders} and {@code files},
     * with the {@code resource} CDN clients read, the file or the page's files. Each file has its download
     * URL under this link ({@code token}); {@code here} is the request's own public URL, for paging.
     */
    public ObjectNode view(Opened o, String token, UUID folderId, int page, URI base, URI here) {
        Share s = o.share();
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        Object detail;
        if (o.dropFolder() != null) {
            ObjectNode folder = JsonNodeFactory.instance
                    .objectNode()
                    .put("id", o.dropFolder().resourceId().toString())
                    .put("name", o.dropFolder().name());
            // Nothing of a drop folder is shown: its resource is an empty list of files.
            body.<ObjectNode>set("folder", folder).set("resource", JsonNodeFactory.instance.arrayNode());
            detail = new FolderDetail(
                    s.resourceId, folderId == null ? o.dropFolder().name() : null, null, null);
        } else if (o.folder() != null) {
            SharedContents contents = o.folder();
            body = mapper.valueToTree(contents);
            JsonNode files = body.path("files");
            withDownloadUrls(s, token, files.path("results"), base);
            pageLinks(files, here, page);
            JsonNode results = files.path("results");
            body.set("resource", results.isArray() ? results : JsonNodeFactory.instance.arrayNode());
            detail = new FolderDetail(
                    s.resourceId,
                    folderId == null && contents.folder() != null
                            ? contents.folder().name()
                            : null,
                    null,
                    folderId == null && contents.files() != null
                            ? (int) contents.files().count()
                            : null);
        } else {
            SharedFile f = o.file();
            ObjectNode file = mapper.valueToTree(f);
            withDownloadUrls(s, token, JsonNodeFactory.instance.arrayNode().add(file), base);
            body.<ObjectNode>set("file", file).set("resource", file);
            detail = new FileDetail(s.resourceId, f.filename(), f.fileSize(), f.mimeType(), f.thumbnailUrl());
        }
        ObjectNode share = mapper.valueToTree(views.publicView(s, o.maker(), detail, o.accessLogs(), base));
        share.setAll(describe(s, o.maker()));
        ObjectNode answer = JsonNodeFactory.instance.objectNode();
        answer.set("share", share);
        answer.setAll(body);
        return answer;
    }

    private void withDownloadUrls(Share s, String token, JsonNode files, URI base) {
        long exp = clock.instant().plus(config.downloadLinkTtl()).getEpochSecond();
        for (JsonNode f : files) {
            if (!(f instanceof ObjectNode file) || !s.allowsDownload()) {
                continue;
            }
            UUID id = UUID.fromString(file.path("id").asText());
            UriBuilder url = UriBuilder.fromUri(base)
                    .path("api/cdn/shares/public")
                    .path(token)
                    .path("files")
                    .path(id.toString())
                    .path("download/");
            if (s.passwordHash != null) {
                // The password was given for this listing: its links work without it for a while.
                url.queryParam("exp", exp).queryParam("key", vault.signDownload(s.id, id, exp));
            }
            file.put("download_url", url.build().toString());
        }
    }

    /**
     * files-service's paging links name its internal API (and its address): the visitor is given this
     * request's own public URL, with the page it leads to.
     */
    private static void pageLinks(JsonNode files, URI here, int page) {
        if (!(files instanceof ObjectNode links) || here == null) {
            return;
        }
        for (String rel : new String[] {"next", "previous"}) {
            if (links.hasNonNull(rel)) {
                int target = rel.equals("next") ? page + 1 : page - 1;
                links.put(
                        rel,
                        UriBuilder.fromUri(here)
                                .replaceQueryParam("page", target)
                                .build()
                                .toString());
            }
        }
    }

    /** The link's own terms, as its visitor reads them, over the share's view. */
    private static ObjectNode describe(Share s, KnownUser owner) {
        ObjectNode share = JsonNodeFactory.instance.objectNode();
        share.put("resource_type", s.resourceType);
        share.put("resource_id", s.resourceId.toString());
        share.put("permission_level", s.permissionLevel);
        share.put("allow_download", s.allowsDownload());
        share.put(
                "expires_at",
                s.expiresAt == null ? null : s.expiresAt.toInstant().toString());
        share.put("has_password", s.passwordHash != null);
        if (s.downloadLimit == null) {
            share.putNull("download_limit");
            share.putNull("downloads_remaining");
        } else {
            share.put("download_limit", s.downloadLimit);
            share.put("downloads_remaining", Math.max(0, s.downloadLimit - s.downloadCount));
        }
        share.put("download_count", s.downloadCount);
        share.put("shared_by", owner == null ? null : owner.username);
        return share;
    }

    /** files-service's URLs are paths under the public root, unless the file is hosted elsewhere. */
    private static URI absolute(URI base, String path) {
        if (path.startsWith("http://") || path.startsWith("https://")) {
            return URI.create(path);
        }
        return base.resolve(path.startsWith("/") ? path.substring(1) : path);
    }
}
