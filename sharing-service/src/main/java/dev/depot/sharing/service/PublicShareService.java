package dev.depot.sharing.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.depot.common.error.ApiException;
import dev.depot.common.web.PublicAddress;
import dev.depot.events.EventTypes;
import dev.depot.sharing.KnownUser;
import dev.depot.sharing.Share;
import dev.depot.sharing.ShareAccess;
import dev.depot.sharing.client.FilesClient;
import dev.depot.sharing.config.SharingConfig;
import dev.depot.sharing.mapping.ShareViews;
import dev.depot.sharing.mapping.ShareViews.FileDetail;
import dev.depot.sharing.mapping.ShareViews.FolderDetail;
import dev.depot.sharing.messaging.SharesEvents;
import dev.depot.sharing.repository.KnownUserRepository;
import dev.depot.sharing.repository.ShareAccessRepository;
import dev.depot.sharing.repository.ShareRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.UriBuilder;
import java.net.URI;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;

/**
 * What a public link opens, without a session: the shared file or folder (navigable inside it and no
 * further), downloads counted exactly against the link's limit, and drops into upload-only links.
 * Bytes never pass through here: downloads are redirects to files-service (see SingleUseDownloads).
 */
@ApplicationScoped
public class PublicShareService {

    private final ShareRepository shares;
    private final ShareAccessRepository accesses;
    private final KnownUserRepository users;
    private final FilesClient files;
    private final SharesEvents events;
    private final LinkPasswords passwords;
    private final TokenVault vault;
    private final SharingConfig config;
    private final SingleUseDownloads downloads;
    private final ShareViews views;
    private final ObjectMapper mapper;

    public PublicShareService(ShareRepository shares, ShareAccessRepository accesses, KnownUserRepository users,
            FilesClient files, SharesEvents events, LinkPasswords passwords, TokenVault vault, SharingConfig config,
            SingleUseDownloads downloads, ShareViews views, ObjectMapper mapper) {
        this.views = views;
        this.mapper = mapper;
        this.shares = shares;
        this.accesses = accesses;
        this.users = users;
        this.files = files;
        this.events = events;
        this.passwords = passwords;
        this.vault = vault;
        this.config = config;
        this.downloads = downloads;
    }

    /** Who is asking: the client address for the password throttle and the log, the signed-in user if any. */
    public record Visitor(String address, String userAgent, UUID userId, String password) {
    }

    /**
     * The answer to a download: the URL to redirect to (single-use for a protected link). files-service
     * says whether it may be a redirect's target: an external URL (a registered file's) on a host its
     * operator did not allow is not, and is answered as data instead.
     */
    public record Download(URI downloadUrl, String filename, Long size, String mimeType, String expiresAt,
            boolean external, boolean redirect) {
    }

    public record Drop(URI uploadUrl, String method, String field, String expiresAt) {
    }

    /**
     * The share, its resource and (for folders) one page of the folder asked for: {@code file}, or
     * {@code folder}, {@code folders} and {@code files}, and the HackClub client's {@code resource}, the
     * file or the page's files. {@code goneWhenExpired}: an expired link is 410 rather than 404 (the
     * HackClub client's {@code ?token=} form).
     */
    public Uni<JsonNode> view(String token, boolean goneWhenExpired, Visitor who, UUID folderId, int page, int pageSize,
            URI base) {
        return open(token, goneWhenExpired).call(s -> passwords.check(s, who.password(), who.address())).chain(s -> {
            Uni<JsonNode> body;
            if (s.isDropLink()) {
                body = files.lookup(s.resourceType, s.resourceId, null).map(r -> {
                    if (!r.live()) {
                        throw ApiException.notFound("share");
                    }
                    ObjectNode folder = JsonNodeFactory.instance.objectNode().put("id", r.resourceId().toString())
                            .put("name", r.name());
                    // Nothing of a drop folder is shown: its resource is an empty list of files.
                    return JsonNodeFactory.instance.objectNode().<ObjectNode> set("folder", folder)
                            .set("resource", JsonNodeFactory.instance.arrayNode());
                });
            } else if (s.isFolder()) {
                URI here = PublicAddress.get().requestUri();
                body = files.contents(s.resourceId, folderId, page, pageSize).map(contents -> {
                    withDownloadUrls(s, token, contents.path("files").path("results"), base);
                    pageLinks(contents.path("files"), here, page);
                    JsonNode results = contents.path("files").path("results");
                    ((ObjectNode) contents).set("resource", results.isArray() ? results
                            : JsonNodeFactory.instance.arrayNode());
                    return contents;
                });
            } else {
                body = files.file(s.resourceType, s.resourceId, s.resourceId).map(file -> {
                    withDownloadUrls(s, token, JsonNodeFactory.instance.arrayNode().add(file), base);
                    return JsonNodeFactory.instance.objectNode().<ObjectNode> set("file", file).set("resource", file);
                });
            }
            return body.onFailure(ApiException.class).transform(e -> notFoundAsShare((ApiException) e))
                    .chain(json -> Panache.withTransaction(() -> record(s, "view", null, who)
                            .chain(() -> users.findById(s.ownerId))
                            .chain(owner -> accesses.countsOf(List.of(s.id)).map(counts -> {
                                ObjectNode share = mapper.valueToTree(views.publicView(s, owner,
                                        detail(s, json, folderId), counts.getOrDefault(s.id, 0L), base));
                                share.setAll(describe(s, owner));
                                ObjectNode answer = JsonNodeFactory.instance.objectNode();
                                answer.set("share", share);
                                answer.setAll((ObjectNode) json);
                                return answer;
                            }))));
        });
    }

    /** resource_detail as the link shows it: the file, or the shared folder (its path above the link withheld). */
    private static Object detail(Share s, JsonNode json, UUID folderId) {
        if (!s.isFolder()) {
            JsonNode f = json.path("file");
            return new FileDetail(s.resourceId, f.path("filename").asText(null),
                    f.path("file_size").isNumber() ? f.path("file_size").asLong() : null, f.path("mime_type").asText(null),
                    f.path("thumbnail_url").asText(null));
        }
        JsonNode count = json.path("files").path("count");
        return new FolderDetail(s.resourceId, folderId == null ? json.path("folder").path("name").asText(null) : null, null,
                folderId == null && count.isNumber() ? count.asInt() : null);
    }

    /** One download: counted against the limit first (exact under concurrency), given back if it fails. */
    public Uni<Download> download(String token, UUID fileId, long exp, String key, Visitor who, URI base) {
        return open(token).call(s -> exp >= Instant.now().getEpochSecond() && vault.verifyDownload(s.id, fileId, exp, key)
                ? Uni.createFrom().voidItem() : passwords.check(s, who.password(), who.address()))
                .chain(s -> {
                    if (!s.allowsDownload()) {
                        throw ApiException.forbidden("this link does not allow downloads");
                    }
                    return Panache.withTransaction(() -> shares.consumeUse(s.id)).chain(counted -> {
                        if (!counted) {
                            throw new ApiException(410, "Gone", "this link has reached its download limit");
                        }
                        return downloads.link(s, fileId)
                                .onFailure().call(() -> Panache.withTransaction(() -> shares.returnUse(s.id)))
                                .call(() -> Panache.withTransaction(() -> record(s, "download", fileId, who)))
                                .map(signed -> new Download(absolute(base, signed.path("download_url").asText()),
                                        signed.path("filename").asText(null), signed.path("size").isNumber()
                                                ? signed.path("size").asLong() : null,
                                        signed.path("mime_type").asText(null), signed.path("expires_at").asText(null),
                                        signed.path("external").asBoolean(false),
                                        signed.path("redirect").asBoolean(false)));
                    });
                });
    }

    /** A single-use upload URL into a file-drop link's folder; each counts against the link's limit. */
    public Uni<Drop> drop(String token, Visitor who, URI base) {
        return open(token).call(s -> passwords.check(s, who.password(), who.address())).chain(s -> {
            if (!s.isDropLink()) {
                throw ApiException.forbidden("this link does not accept uploads");
            }
            return Panache.withTransaction(() -> shares.consumeUse(s.id)).chain(counted -> {
                if (!counted) {
                    throw new ApiException(410, "Gone", "this link has reached its upload limit");
                }
                return files.dropTicket(s.resourceId, s.id, config.dropTicketTtl().toSeconds())
                        .onFailure().call(() -> Panache.withTransaction(() -> shares.returnUse(s.id)))
                        .onFailure(ApiException.class).transform(e -> notFoundAsShare((ApiException) e))
                        .call(() -> Panache.withTransaction(() -> record(s, "upload", null, who)))
                        .map(ticket -> new Drop(absolute(base, ticket.path("upload_url").asText()), "POST", "file",
                                ticket.path("expires_at").asText(null)));
            });
        });
    }

    /** The live public share behind a token; unknown, revoked and expired ones are all 404. */
    private Uni<Share> open(String token) {
        return open(token, false);
    }

    /** As {@link #open(String)}, with an expired link answered 410 when {@code goneWhenExpired}. */
    private Uni<Share> open(String token, boolean goneWhenExpired) {
        if (token == null || token.isBlank() || token.length() > 128) {
            return Uni.createFrom().failure(ApiException.notFound("share"));
        }
        return Panache.withSession(() -> shares.byTokenHash(TokenVault.hash(token))).map(s -> {
            if (s != null && s.isPublic && s.hasExpired() && goneWhenExpired) {
                throw new ApiException(410, "Gone", "this link has expired");
            }
            if (s == null || !s.isPublic || s.hasExpired()) {
                throw ApiException.notFound("share");
            }
            return s;
        });
    }

    private Uni<Void> record(Share s, String kind, UUID fileId, Visitor who) {
        ShareAccess a = new ShareAccess();
        a.id = UUID.randomUUID();
        a.shareId = s.id;
        a.kind = kind;
        a.fileId = fileId;
        a.userId = who.userId();
        a.clientIp = who.address();
        a.userAgent = who.userAgent() == null ? null : who.userAgent().substring(0, Math.min(512, who.userAgent().length()));
        a.accessedAt = OffsetDateTime.now();
        return accesses.persist(a).chain(() -> events.accessed(EventTypes.SHARE_ACCESSED, s, kind, fileId, who.userId()));
    }

    private void withDownloadUrls(Share s, String token, JsonNode files, URI base) {
        long exp = Instant.now().plus(config.downloadLinkTtl()).getEpochSecond();
        for (JsonNode f : files) {
            if (!(f instanceof ObjectNode file) || !s.allowsDownload()) {
                continue;
            }
            UUID id = UUID.fromString(file.path("id").asText());
            UriBuilder url = UriBuilder.fromUri(base).path("api/cdn/shares/public").path(token).path("files")
                    .path(id.toString()).path("download/");
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
        for (String rel : new String[] { "next", "previous" }) {
            if (links.hasNonNull(rel)) {
                int target = rel.equals("next") ? page + 1 : page - 1;
                links.put(rel, UriBuilder.fromUri(here).replaceQueryParam("page", target).build().toString());
            }
        }
    }

    private static ObjectNode describe(Share s, KnownUser owner) {
        ObjectNode share = JsonNodeFactory.instance.objectNode();
        share.put("resource_type", s.resourceType);
        share.put("resource_id", s.resourceId.toString());
        share.put("permission_level", s.permissionLevel);
        share.put("allow_download", s.allowsDownload());
        share.put("expires_at", s.expiresAt == null ? null : s.expiresAt.toInstant().toString());
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

    /** Whatever files-service cannot find of a share (trashed, outside the shared folder) is simply not there. */
    private static ApiException notFoundAsShare(ApiException e) {
        return e.status() == 404 ? ApiException.notFound("the shared item") : e;
    }

    private static URI absolute(URI base, String path) {
        if (path.startsWith("http://") || path.startsWith("https://")) {
            return URI.create(path);
        }
        return base.resolve(path.startsWith("/") ? path.substring(1) : path);
    }
}
