package dev.depot.sharing.service;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.depot.common.error.ApiException;
import dev.depot.common.error.Failures;
import dev.depot.common.web.Page;
import dev.depot.common.web.PageRequest;
import dev.depot.events.EventTypes;
import dev.depot.sharing.KnownUser;
import dev.depot.sharing.Share;
import dev.depot.sharing.ShareAccess;
import dev.depot.sharing.client.FilesClient;
import dev.depot.sharing.client.FilesClient.Ref;
import dev.depot.sharing.client.FilesClient.Resource;
import dev.depot.sharing.messaging.SharesEvents;
import dev.depot.sharing.repository.KnownUserRepository;
import dev.depot.sharing.repository.ShareAccessRepository;
import dev.depot.sharing.repository.ShareRepository;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.UriInfo;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The owner's side of sharing: creating, changing and revoking shares, and what was shared with whom. */
@ApplicationScoped
public class ShareService {

    static final Set<String> TYPES = Set.of("file", "folder");
    static final Set<String> USER_LEVELS = Set.of("view", "download", "edit", "admin");
    static final Set<String> PUBLIC_LEVELS = Set.of("view", "download", "upload");
    /** How many shares with-me considers; it filters what is trashed, so it pages in memory. */
    static final int WITH_ME_MAX = 1000;
    static final int LOOKUP_BATCH = 200;

    private final ShareRepository shares;
    private final ShareAccessRepository accesses;
    private final KnownUserRepository users;
    private final FilesClient files;
    private final SharesEvents events;
    private final LinkPasswords passwords;
    private final TokenVault vault;

    public ShareService(ShareRepository shares, ShareAccessRepository accesses, KnownUserRepository users,
            FilesClient files, SharesEvents events, LinkPasswords passwords, TokenVault vault) {
        this.shares = shares;
        this.accesses = accesses;
        this.users = users;
        this.files = files;
        this.events = events;
        this.passwords = passwords;
        this.vault = vault;
    }

    /** What POST /shares/ takes (the seed's body, plus who to share with and a password). */
    public record NewShare(String resourceType, UUID resourceId, String permissionLevel, Boolean isPublic,
            String sharedWithUser, OffsetDateTime expiresAt, Boolean allowDownload, Integer downloadLimit,
            String password) {
    }

    /** A share with what is needed to show it: the user it names and the resource as it now is. */
    public record Shown(Share share, KnownUser sharedWith, Resource resource) {
    }

    public record WithMe(Share share, KnownUser owner, Resource resource) {
    }

    public record Status(String resourceType, UUID resourceId, boolean isShared, long publicLinks, long sharedUsers,
            List<Shown> shares) {
    }

    public Uni<Shown> create(UUID caller, NewShare in) {
        String type = required(in.resourceType(), "resource_type");
        if (!TYPES.contains(type)) {
            throw invalid("resource_type", "must be file or folder");
        }
        if (in.resourceId() == null) {
            throw invalid("resource_id", "is required");
        }
        boolean toUser = in.sharedWithUser() != null && !in.sharedWithUser().isBlank();
        boolean isPublic = in.isPublic() != null ? in.isPublic() : !toUser;
        if (isPublic == toUser) {
            throw invalid("shared_with_user", isPublic ? "a public link names no user" : "is required unless is_public is true");
        }
        String level = in.permissionLevel() == null ? "view" : in.permissionLevel();
        checkLevel(level, type, isPublic);
        checkExpiry(in.expiresAt());
        checkLimit(in.downloadLimit());
        checkPassword(in.password());
        return visibleForSharing(caller, type, in.resourceId())
                .chain(resource -> (toUser ? grantee(caller, resource, in.sharedWithUser()) : Uni.createFrom().<KnownUser> nullItem())
                        .chain(target -> hashed(in.password()).chain(passwordHash -> Panache.withTransaction(() -> {
                            OffsetDateTime now = OffsetDateTime.now();
                            Share s = new Share();
                            s.id = UUID.randomUUID();
                            s.ownerId = caller;
                            s.resourceType = type;
                            s.resourceId = in.resourceId();
                            s.sharedWithUserId = target == null ? null : target.id;
                            s.permissionLevel = level;
                            s.isPublic = isPublic;
                            if (isPublic) {
                                String token = vault.newToken();
                                s.publicTokenHash = TokenVault.hash(token);
                                s.publicTokenSealed = vault.seal(token);
                            }
                            s.passwordHash = passwordHash;
                            s.expiresAt = in.expiresAt();
                            s.allowDownload = in.allowDownload() == null || in.allowDownload();
                            s.downloadLimit = in.downloadLimit();
                            s.createdAt = now;
                            s.updatedAt = now;
                            return shares.persist(s).call(() -> events.share(EventTypes.SHARE_CREATED, s))
                                    .map(saved -> new Shown(saved, target, resource));
                        })))
                        .onFailure(Failures::isUniqueViolation).transform(e -> ApiException.conflict(
                                "this resource is already shared with that user; change that share instead",
                                Map.of("shared_with_user", in.sharedWithUser()))));
    }

    public Uni<Shown> get(UUID caller, UUID id) {
        return Panache.withSession(() -> owned(caller, id)).chain(this::shown);
    }

    /** PUT and PATCH: only the fields present change; a present null clears expiry, limit or password. */
    public Uni<Shown> update(UUID caller, UUID id, JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ApiException.validation("the body must be a JSON object");
        }
        for (String fixed : List.of("resource_type", "resource_id", "is_public", "shared_with_user")) {
            if (body.has(fixed)) {
                throw invalid(fixed, "cannot be changed: create a new share instead");
            }
        }
        String password = body.has("password") && !body.get("password").isNull() ? body.get("password").asText() : null;
        if (password != null && !password.isEmpty()) {
            checkPassword(password);
        }
        return hashed(password == null || password.isEmpty() ? null : password).chain(passwordHash -> Panache.withTransaction(
                () -> owned(caller, id).chain(s -> {
                    if (body.has("permission_level")) {
                        String level = body.get("permission_level").asText(null);
                        checkLevel(level, s.resourceType, s.isPublic);
                        if (s.isDropLink() != "upload".equals(level)) {
                            throw invalid("permission_level", "a file-drop link stays a file-drop link");
                        }
                        s.permissionLevel = level;
                    }
                    if (body.has("expires_at")) {
                        s.expiresAt = dateOrNull(body.get("expires_at"));
                        checkExpiry(s.expiresAt);
                    }
                    if (body.has("allow_download")) {
                        if (!body.get("allow_download").isBoolean()) {
                            throw invalid("allow_download", "must be true or false");
                        }
                        s.allowDownload = body.get("allow_download").asBoolean();
                    }
                    if (body.has("download_limit")) {
                        JsonNode limit = body.get("download_limit");
                        if (!limit.isNull() && !limit.canConvertToInt()) {
                            throw invalid("download_limit", "must be a whole number");
                        }
                        s.downloadLimit = limit.isNull() ? null : limit.asInt();
                        checkLimit(s.downloadLimit);
                    }
                    if (body.has("password")) {
                        s.passwordHash = passwordHash;
                    }
                    s.updatedAt = OffsetDateTime.now();
                    return events.share(EventTypes.SHARE_UPDATED, s).replaceWith(s);
                }))).chain(this::shown);
    }

    public Uni<Void> revoke(UUID caller, UUID id) {
        return Panache.withTransaction(() -> owned(caller, id).chain(this::revoke));
    }

    Uni<Void> revoke(Share s) {
        s.revokedAt = OffsetDateTime.now();
        s.updatedAt = s.revokedAt;
        s.publicTokenHash = null;
        s.publicTokenSealed = null;
        return events.share(EventTypes.SHARE_REVOKED, s);
    }

    public Uni<Page<Shown>> list(UUID caller, PageRequest page, UriInfo uri) {
        return Panache.withSession(() -> page.fetch(shares.activeOf(caller), uri)).chain(p -> showAll(p.results())
                .map(shown -> new Page<>(p.count(), p.next(), p.previous(), shown)));
    }

    /** The users the share's resource is shared with (by this owner). */
    public Uni<List<Shown>> sharedUsers(UUID caller, UUID id) {
        return Panache.withSession(() -> owned(caller, id)
                .chain(s -> shares.ofResource(caller, s.resourceType, s.resourceId)))
                .map(list -> list.stream().filter(s -> s.sharedWithUserId != null).toList())
                .chain(this::showAll);
    }

    /** add_user: shares the same resource with one more user, or changes that user's level. */
    public Uni<Shown> addUser(UUID caller, UUID id, String login, String level) {
        if (login == null || login.isBlank()) {
            throw invalid("user_email", "is required (an email or a username)");
        }
        return Panache.withSession(() -> owned(caller, id)).chain(s -> {
            String wanted = level != null ? level : USER_LEVELS.contains(s.permissionLevel) ? s.permissionLevel : "view";
            checkLevel(wanted, s.resourceType, false);
            return Panache.withSession(() -> users.byLogin(login).chain(u -> u == null ? Uni.createFrom().<Share> nullItem()
                    : shares.userShare(s.resourceType, s.resourceId, u.id)))
                    .chain(existing -> existing != null && existing.ownerId.equals(caller)
                            ? update(caller, existing.id, JsonNodeFactory.instance.objectNode().put("permission_level", wanted))
                            : create(caller, new NewShare(s.resourceType, s.resourceId, wanted, false, login, s.expiresAt,
                                    true, null, null)));
        });
    }

    public Uni<Void> removeUser(UUID caller, UUID id, String login) {
        if (login == null || login.isBlank()) {
            throw invalid("user_email", "is required");
        }
        return Panache.withTransaction(() -> owned(caller, id).chain(s -> users.byLogin(login)
                .chain(u -> u == null ? Uni.createFrom().<Share> nullItem() : shares.userShare(s.resourceType, s.resourceId, u.id))
                .chain(grant -> {
                    if (grant == null || !grant.ownerId.equals(caller)) {
                        throw ApiException.notFound("a share of this resource with " + login);
                    }
                    return revoke(grant);
                })));
    }

    /** The caller's own shares of a resource; never anyone else's. */
    public Uni<Status> status(UUID caller, String type, UUID resourceId) {
        if (type == null || !TYPES.contains(type)) {
            throw invalid("resource_type", "must be file or folder");
        }
        if (resourceId == null) {
            throw invalid("resource_id", "is required");
        }
        return Panache.withSession(() -> shares.ofResource(caller, type, resourceId)).chain(this::showAll)
                .map(list -> new Status(type, resourceId, !list.isEmpty(),
                        list.stream().filter(x -> x.share().isPublic).count(),
                        list.stream().filter(x -> x.share().sharedWithUserId != null).count(), list));
    }

    /** What others shared with the caller and can be used now: in force and not in the trash. */
    public Uni<Page<WithMe>> withMe(UUID caller, PageRequest page, UriInfo uri) {
        return Panache.withSession(() -> shares.withUser(caller, WITH_ME_MAX)).chain(list -> resources(list, caller)
                .chain(byId -> {
                    List<Share> usable = list.stream().filter(s -> byId.containsKey(s.resourceId)
                            && byId.get(s.resourceId).live()).toList();
                    List<Share> slice = usable.stream().skip(page.offset()).limit(page.size()).toList();
                    return Panache.withSession(() -> users.byIds(slice.stream().map(s -> s.ownerId).collect(Collectors.toSet())))
                            .map(owners -> {
                                Map<UUID, KnownUser> byOwner = owners.stream().collect(Collectors.toMap(u -> u.id, Function.identity()));
                                return page.page(usable.size(), slice.stream()
                                        .map(s -> new WithMe(s, byOwner.get(s.ownerId), byId.get(s.resourceId))).toList(), uri);
                            });
                }));
    }

    public Uni<Page<ShareAccess>> accesses(UUID caller, UUID id, PageRequest page, UriInfo uri) {
        return Panache.withSession(() -> owned(caller, id).chain(s -> page.fetch(accesses.of(s.id), uri)));
    }

    /** Deletes every share of a resource that was deleted for good. */
    public Uni<Integer> resourceDeleted(String type, UUID resourceId) {
        return shares.allOfResource(type, resourceId).chain(list -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (Share s : list) {
                chain = chain.chain(() -> s.revokedAt == null ? revoke(s) : Uni.createFrom().voidItem())
                        .chain(() -> shares.delete(s));
            }
            return chain.replaceWith(list.size());
        });
    }

    private Uni<Share> owned(UUID caller, UUID id) {
        return shares.findOwned(caller, id).onItem().ifNull().failWith(() -> ApiException.notFound("share " + id));
    }

    /** The resource if the caller may share it: its owner or a holder of admin. Anything else is 404. */
    private Uni<Resource> visibleForSharing(UUID caller, String type, UUID id) {
        return files.lookup(type, id, caller).map(r -> {
            if (!r.live() || r.access() == null) {
                throw ApiException.notFound(type + " " + id);
            }
            if (!"owner".equals(r.access()) && !"admin".equals(r.access())) {
                throw ApiException.forbidden("only the owner or a holder of admin can share this " + type);
            }
            return r;
        });
    }

    private Uni<KnownUser> grantee(UUID caller, Resource resource, String login) {
        return Panache.withSession(() -> users.byLogin(login)).map(u -> {
            if (u == null) {
                throw invalid("shared_with_user", "no user has that username or email");
            }
            if (u.id.equals(caller) || u.id.equals(resource.ownerId())) {
                throw invalid("shared_with_user", "that user already has this " + resource.resourceType());
            }
            return u;
        });
    }

    private Uni<Shown> shown(Share s) {
        return showAll(List.of(s)).map(list -> list.get(0));
    }

    /** With the resources' names and states; without them while files-service is unavailable. */
    private Uni<List<Shown>> showAll(List<Share> list) {
        return resources(list, null).onFailure(ApiException.class).recoverWithItem(Map.of()).chain(byId -> Panache.withSession(() -> users.byIds(list.stream()
                .map(s -> s.sharedWithUserId).filter(Objects::nonNull).collect(Collectors.toSet())))
                .map(targets -> {
                    Map<UUID, KnownUser> byUser = targets.stream().collect(Collectors.toMap(u -> u.id, Function.identity()));
                    return list.stream().map(s -> new Shown(s, s.sharedWithUserId == null ? null : byUser.get(s.sharedWithUserId),
                            byId.get(s.resourceId))).toList();
                }));
    }

    /** The shares' resources as files-service now sees them (for {@code userId}'s access when given). */
    private Uni<Map<UUID, Resource>> resources(List<Share> list, UUID userId) {
        List<Ref> refs = list.stream().map(s -> new Ref(s.resourceType, s.resourceId)).distinct().toList();
        List<Uni<List<Resource>>> batches = new ArrayList<>();
        for (int i = 0; i < refs.size(); i += LOOKUP_BATCH) {
            batches.add(files.lookup(refs.subList(i, Math.min(refs.size(), i + LOOKUP_BATCH)), userId));
        }
        if (batches.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return Uni.join().all(batches).andFailFast().map(all -> all.stream().flatMap(List::stream)
                .collect(Collectors.toMap(Resource::resourceId, Function.identity(), (a, b) -> a)));
    }

    private Uni<String> hashed(String password) {
        return password == null ? Uni.createFrom().nullItem() : passwords.hash(password);
    }

    static void checkLevel(String level, String type, boolean isPublic) {
        if (level == null || !(isPublic ? PUBLIC_LEVELS : USER_LEVELS).contains(level)) {
            throw invalid("permission_level", isPublic ? "a public link is view, download or upload"
                    : "must be view, download, edit or admin");
        }
        if ("upload".equals(level) && !"folder".equals(type)) {
            throw invalid("permission_level", "upload (a file-drop link) is for folders");
        }
    }

    static void checkExpiry(OffsetDateTime expiresAt) {
        if (expiresAt != null && !expiresAt.isAfter(OffsetDateTime.now())) {
            throw invalid("expires_at", "must be in the future");
        }
    }

    static void checkLimit(Integer limit) {
        if (limit != null && limit < 1) {
            throw invalid("download_limit", "must be 1 or more");
        }
    }

    static void checkPassword(String password) {
        if (password != null && (password.length() < 4 || password.length() > 128)) {
            throw invalid("password", "must be 4 to 128 characters");
        }
    }

    private static OffsetDateTime dateOrNull(JsonNode node) {
        if (node.isNull()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(node.asText());
        } catch (DateTimeParseException e) {
            throw invalid("expires_at", "must be an ISO-8601 date-time with an offset, e.g. 2030-12-31T23:59:59Z");
        }
    }

    private static String required(String value, String field) {
        if (value == null || value.isBlank()) {
            throw invalid(field, "is required");
        }
        return value;
    }

    static ApiException invalid(String field, String problem) {
        return ApiException.validation(field + " " + problem, Map.of(field, problem));
    }
}
