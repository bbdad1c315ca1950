package dev.depot.sharing.service;

import dev.depot.common.error.ApiException;
import dev.depot.events.EventTypes;
import dev.depot.filesapi.DownloadLink;
import dev.depot.filesapi.DropTicket;
import dev.depot.filesapi.ResourceInfo;
import dev.depot.filesapi.SharedContents;
import dev.depot.filesapi.SharedFile;
import dev.depot.sharing.KnownUser;
import dev.depot.sharing.Share;
import dev.depot.sharing.ShareAccess;
import dev.depot.sharing.client.FilesClient;
import dev.depot.sharing.config.SharingConfig;
import dev.depot.sharing.messaging.outgoing.SharesEvents;
import dev.depot.sharing.repository.KnownUserRepository;
import dev.depot.sharing.repository.ShareAccessRepository;
import dev.depot.sharing.repository.ShareRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
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
    private final Clock clock;

    public PublicShareService(
            ShareRepository shares,
            ShareAccessRepository accesses,
            KnownUserRepository users,
            FilesClient files,
            SharesEvents events,
            LinkPasswords passwords,
            TokenVault vault,
            SharingConfig config,
            SingleUseDownloads downloads,
            Clock clock) {
        this.shares = shares;
        this.accesses = accesses;
        this.users = users;
        this.files = files;
        this.events = events;
        this.passwords = passwords;
        this.vault = vault;
        this.config = config;
        this.downloads = downloads;
        this.clock = clock;
    }

    /** Who is asking: the client address for the password throttle and the log, the signed-in user if any. */
    public record Visitor(String address, String userAgent, UUID userId, String password) {}

    /**
     * What a link opened, its use logged: the share, its maker, how often it was used, and exactly one of
     * {@code dropFolder} (a file-drop link's folder, of which only the name is shown), {@code folder} (one
     * page of the folder asked for) or {@code file}.
     */
    public record Opened(
            Share share,
            KnownUser maker,
            long accessLogs,
            ResourceInfo dropFolder,
            SharedContents folder,
            SharedFile file) {}

    /**
     * The share and its resource: the file, or one page of {@code folderId} (the shared folder when null).
     * {@code goneWhenExpired}: an expired link is 410 rather than 404 (the {@code ?token=} form CDN clients use).
     */
    public Uni<Opened> view(String token, boolean goneWhenExpired, Visitor who, UUID folderId, int page, int pageSize) {
        return open(token, goneWhenExpired)
                .call(s -> passwords.check(s, who.password(), who.address()))
                .chain(s -> {
                    Uni<Opened> content;
                    if (s.isDropLink()) {
                        content = files.lookup(s.resourceType, s.resourceId, null)
                                .map(r -> {
                                    if (!r.live()) {
                                        throw ApiException.notFound("share");
                                    }
                                    return new Opened(s, null, 0, r, null, null);
                                });
                    } else if (s.isFolder()) {
                        content = files.contents(s.resourceId, folderId, page, pageSize)
                                .map(contents -> new Opened(s, null, 0, null, contents, null));
                    } else {
                        content = files.file(s.resourceType, s.resourceId, s.resourceId)
                                .map(file -> new Opened(s, null, 0, null, null, file));
                    }
                    return content.onFailure(ApiException.class)
                            .transform(e -> notFoundAsShare((ApiException) e))
                            .chain(opened -> recordView(opened, who));
                });
    }

    /** Logs the view, with the maker and the count of uses the link's page shows, in one transaction. */
    @WithTransaction
    Uni<Opened> recordView(Opened opened, Visitor who) {
        Share s = opened.share();
        return record(s, "view", null, who)
                .chain(() -> users.findById(s.ownerId))
                .chain(maker -> accesses.countsOf(List.of(s.id))
                        .map(counts -> new Opened(
                                s,
                                maker,
                                counts.getOrDefault(s.id, 0L),
                                opened.dropFolder(),
                                opened.folder(),
                                opened.file())));
    }

    /**
     * One download: counted against the limit first (exact under concurrency), given back if it fails.
     * The answer's URL is files-service's: a path under the public root, or a file's external URL.
     */
    public Uni<DownloadLink> download(String token, UUID fileId, long exp, String key, Visitor who) {
        return open(token)
                .call(s -> exp >= clock.instant().getEpochSecond() && vault.verifyDownload(s.id, fileId, exp, key)
                        ? Uni.createFrom().voidItem()
                        : passwords.check(s, who.password(), who.address()))
                .chain(s -> {
                    if (!s.allowsDownload()) {
                        throw ApiException.forbidden("this link does not allow downloads");
                    }
                    return consumeUse(s).chain(counted -> {
                        if (!counted) {
                            throw new ApiException(410, "Gone", "this link has reached its download limit");
                        }
                        return downloads
                                .link(s, fileId)
                                .onFailure()
                                .call(() -> returnUse(s))
                                .call(() -> recordUse(s, "download", fileId, who));
                    });
                });
    }

    /** A single-use upload ticket into a file-drop link's folder; each counts against the link's limit. */
    public Uni<DropTicket> drop(String token, Visitor who) {
        return open(token)
                .call(s -> passwords.check(s, who.password(), who.address()))
                .chain(s -> {
                    if (!s.isDropLink()) {
                        throw ApiException.forbidden("this link does not accept uploads");
                    }
                    return consumeUse(s).chain(counted -> {
                        if (!counted) {
                            throw new ApiException(410, "Gone", "this link has reached its upload limit");
                        }
                        return files.dropTicket(
                                        s.resourceId,
                                        s.id,
                                        config.dropTicketTtl().toSeconds())
                                .onFailure()
                                .call(() -> returnUse(s))
                                .onFailure(ApiException.class)
                                .transform(e -> notFoundAsShare((ApiException) e))
                                .call(() -> recordUse(s, "upload", null, who));
                    });
                });
    }

    /** Counts one use, committed before files-service is asked for anything. */
    @WithTransaction
    Uni<Boolean> consumeUse(Share s) {
        return shares.consumeUse(s.id);
    }

    /** Gives back a use whose download or drop failed. */
    @WithTransaction
    Uni<Integer> returnUse(Share s) {
        return shares.returnUse(s.id);
    }

    @WithTransaction
    Uni<Void> recordUse(Share s, String kind, UUID fileId, Visitor who) {
        return record(s, kind, fileId, who);
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
        return byToken(token).map(s -> {
            if (s != null && s.isPublic && s.hasExpired(OffsetDateTime.now(clock)) && goneWhenExpired) {
                throw new ApiException(410, "Gone", "this link has expired");
            }
            if (s == null || !s.isPublic || s.hasExpired(OffsetDateTime.now(clock))) {
                throw ApiException.notFound("share");
            }
            return s;
        });
    }

    @WithSession
    Uni<Share> byToken(String token) {
        return shares.byTokenHash(TokenVault.hash(token));
    }

    private Uni<Void> record(Share s, String kind, UUID fileId, Visitor who) {
        ShareAccess a = new ShareAccess();
        a.id = UUID.randomUUID();
        a.shareId = s.id;
        a.kind = kind;
        a.fileId = fileId;
        a.userId = who.userId();
        a.clientIp = who.address();
        a.userAgent = who.userAgent() == null
                ? null
                : who.userAgent().substring(0, Math.min(512, who.userAgent().length()));
        a.accessedAt = OffsetDateTime.now(clock);
        return accesses.persist(a)
                .chain(() -> events.accessed(EventTypes.SHARE_ACCESSED, s, kind, fileId, who.userId()));
    }

    /** Whatever files-service cannot find of a share (trashed, outside the shared folder) is simply not there. */
    private static ApiException notFoundAsShare(ApiException e) {
        return e.status() == 404 ? ApiException.notFound("the shared item") : e;
    }
}
