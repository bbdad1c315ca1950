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
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The sharer's side of sharing: creating, changing and revoking shares, and what was shared with whom.
 * A share is managed by the resource's owner, and by its maker while the maker still holds admin; a
 * share made through an admin grant is revoked with that grant (and what was made through it in turn).
 */
@ApplicationScoped
public class ShareService {

    static final Set<String> TYPES = Set.of("file", "folder");
    /** What PUT and PATCH can change. */
    static final Set<String> CHANGEABLE = Set.of("permission_level", "expires_at", "allow_download", "allow_preview",
            "download_limit", "password");
    /** What a share is made with and keeps: accepted when it repeats the stored value. */
    static final Set<String> FIXED = Set.of("resource_type", "resource_id", "is_public", "shared_with_user");
    /** What a share's view shows but no request sets: a client may send back what it read, and it is ignored. */
    static final Set<String> SHOWN_ONLY = Set.of("id", "resource", "owner", "owner_detail", "public_token", "public_url",
            "download_count", "has_password", "password_protected", "resource_detail", "is_expired", "can_download",
            "access_logs_count", "created_at", "updated_at", "created_by", "resource_owner", "granted_via");
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
    private final SingleUseDownloads downloads;

    public ShareService(ShareRepository shares, ShareAccessRepository accesses, KnownUserRepository users,
            FilesClient files, SharesEvents events, LinkPasswords passwords, TokenVault vault,
            SingleUseDownloads downloads) {
        this.shares = shares;
        this.accesses = accesses;
        this.users = users;
        this.files = files;
        this.events = events;
        this.passwords = passwords;
        this.vault = vault;
        this.downloads = downloads;
    }

    /**
     * What POST /shares/ takes (the seed's body, plus who to share with and a password): one user in
     * {@code shared_with_user}, or several in {@code shared_users} (the HackClub client's), one grant each.
     */
    public record NewShare(String resourceType, UUID resourceId, String permissionLevel, Boolean isPublic,
            String sharedWithUser, OffsetDateTime expiresAt, Boolean allowDownload, Boolean allowPreview,
            Integer downloadLimit, String password, List<SharedUser> sharedUsers) {
    }

    /** One entry of {@code shared_users}: an email or username, and its level (else the body's, else view). */
    public record SharedUser(String userEmail, String user, String permissionLevel) {
    }

    /**
     * A share with what is needed to show it: the user it names, the resource as it now is, who made it and
     * how many uses of it were logged.
     */
    public record Shown(Share share, KnownUser sharedWith, Resource resource, KnownUser maker, long accessLogs) {
    }

    /** A share in a resource's status, with the caller's own permission on the resource (null for none). */
    public record StatusEntry(Share share, KnownUser maker, KnownUser sharedWith, String yourPermission) {
    }

    /** Whom one new share names: the request field to blame, the login and the level. */
    private record Target(String field, String login, String level) {
    }

    public record WithMe(Share share, KnownUser owner, Resource resource) {
    }

    public Uni<Shown> create(UUID caller, NewShare in) {
        return createAll(caller, in).map(list -> list.get(0));
    }

    /**
     * Makes the share, or with {@code shared_users} one grant per user: all of them or, when any entry is
     * refused, none (the refusal names the entry).
     */
    public Uni<List<Shown>> createAll(UUID caller, NewShare in) {
        String type = required(in.resourceType(), "resource_type");
        if (!TYPES.contains(type)) {
            throw invalid("resource_type", "must be file or folder");
        }
        if (in.resourceId() == null) {
            throw invalid("resource_id", "is required");
        }
        boolean many = in.sharedUsers() != null && !in.sharedUsers().isEmpty();
        boolean one = in.sharedWithUser() != null && !in.sharedWithUser().isBlank();
        if (many && one) {
            throw invalid("shared_users", "give either shared_with_user or shared_users, not both");
        }
        boolean toUser = many || one;
        boolean isPublic = in.isPublic() != null ? in.isPublic() : !toUser;
        if (isPublic == toUser) {
            throw invalid(many ? "shared_users" : "shared_with_user",
                    isPublic ? "a public link names no user" : "is required unless is_public is true");
        }
        String level = in.permissionLevel() == null ? "view" : in.permissionLevel();
        List<Target> targets = many ? targets(in.sharedUsers(), level, type)
                : one ? List.of(new Target("shared_with_user", in.sharedWithUser(), level)) : List.of();
        if (!many) {
            checkLevel(level, type, isPublic);
        }
        checkExpiry(in.expiresAt());
        checkLimit(in.downloadLimit());
        checkPassword(in.password());
        return visibleForSharing(caller, type, in.resourceId())
                .chain(resource -> grantees(caller, resource, targets).call(found -> many ? notYetShared(resource, targets, found)
                        : Uni.createFrom().voidItem())
                        .chain(found -> hashed(in.password()).chain(passwordHash -> Panache.withTransaction(() -> grantHeld(
                                caller, resource).chain(via -> users.findById(caller).chain(maker -> {
                            OffsetDateTime now = OffsetDateTime.now();
                            List<Shown> made = new ArrayList<>();
                            Uni<Void> chain = Uni.createFrom().voidItem();
                            // A public link, or one grant per user named, all in this transaction.
                            for (int i = 0; i < (isPublic ? 1 : targets.size()); i++) {
                                KnownUser target = isPublic ? null : found.get(i);
                                Share s = newShare(caller, in, resource, via, target, isPublic ? level : targets.get(i).level(),
                                        passwordHash, now);
                                chain = chain.chain(() -> shares.persist(s)).call(() -> events.share(EventTypes.SHARE_CREATED, s))
                                        .invoke(saved -> made.add(new Shown(saved, target, resource, maker, 0))).replaceWithVoid();
                            }
                            return chain.map(v -> List.copyOf(made));
                        })))))
                        .onFailure(Failures::isUniqueViolation).transform(e -> ApiException.conflict(
                                "this resource is already shared with that user; change that share instead",
                                many ? Map.of("shared_users", "one of these users already has a share of this " + type)
                                        : Map.of("shared_with_user", in.sharedWithUser()))));
    }

    /** A new share of the resource, a public link when {@code target} is null. */
    private Share newShare(UUID caller, NewShare in, Resource resource, Share via, KnownUser target, String level,
            String passwordHash, OffsetDateTime now) {
        Share s = new Share();
        s.id = UUID.randomUUID();
        s.ownerId = caller;
        s.resourceOwnerId = resource.ownerId();
        s.grantedVia = via == null ? null : via.id;
        s.resourceType = in.resourceType();
        s.resourceId = in.resourceId();
        s.sharedWithUserId = target == null ? null : target.id;
        s.permissionLevel = level;
        s.isPublic = target == null;
        if (s.isPublic) {
            String token = vault.newToken();
            s.publicTokenHash = TokenVault.hash(token);
            s.publicTokenSealed = vault.seal(token);
        }
        s.passwordHash = passwordHash;
        s.expiresAt = in.expiresAt();
        s.allowDownload = in.allowDownload() == null || in.allowDownload();
        s.allowPreview = in.allowPreview() == null || in.allowPreview();
        s.downloadLimit = in.downloadLimit();
        s.createdAt = now;
        s.updatedAt = now;
        return s;
    }

    /** The entries of {@code shared_users}, checked before anything is looked up. */
    private static List<Target> targets(List<SharedUser> entries, String level, String type) {
        List<Target> targets = new ArrayList<>();
        Set<String> named = new HashSet<>();
        for (int i = 0; i < entries.size(); i++) {
            String field = "shared_users[" + i + "]";
            SharedUser entry = entries.get(i);
            if (entry == null) {
                throw invalid(field, "must be an object with user_email and permission_level");
            }
            String login = entry.userEmail() != null ? entry.userEmail() : entry.user();
            if (login == null || login.isBlank()) {
                throw invalid(field + ".user_email", "is required (an email or a username)");
            }
            if (!named.add(login.trim().toLowerCase(Locale.ROOT))) {
                throw invalid(field + ".user_email", "names a user already named in shared_users");
            }
            String wanted = entry.permissionLevel() != null ? entry.permissionLevel() : level;
            try {
                checkLevel(wanted, type, false);
            } catch (ApiException e) {
                throw invalid(field + ".permission_level", "must be view, download, edit or admin");
            }
            targets.add(new Target(field + ".user_email", login, wanted));
        }
        return targets;
    }

    /** For shared_users: no entry may name a user the resource is already shared with (409 naming the entry). */
    private Uni<Void> notYetShared(Resource resource, List<Target> targets, List<KnownUser> found) {
        return Panache.withSession(() -> shares.usersSharedWith(resource.resourceType(), resource.resourceId(),
                found.stream().map(u -> u.id).toList())).invoke(already -> {
                    for (int i = 0; i < found.size(); i++) {
                        if (already.contains(found.get(i).id)) {
                            throw ApiException.conflict("this resource is already shared with " + targets.get(i).login()
                                    + "; change that share instead", Map.of(targets.get(i).field(), targets.get(i).login()));
                        }
                    }
                }).replaceWithVoid();
    }

    public Uni<Shown> get(UUID caller, UUID id) {
        return authorized(caller, id).chain(this::shown);
    }

    /** PUT and PATCH: only the fields present change; a present null clears expiry, limit or password. */
    public Uni<Shown> update(UUID caller, UUID id, JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ApiException.validation("the body must be a JSON object");
        }
        body.fieldNames().forEachRemaining(field -> {
            if (!CHANGEABLE.contains(field) && !FIXED.contains(field) && !SHOWN_ONLY.contains(field)) {
                throw invalid(field, "is not a field of a share");
            }
        });
        String password = body.has("password") && !body.get("password").isNull() ? body.get("password").asText() : null;
        if (password != null && !password.isEmpty()) {
            checkPassword(password);
        }
        return hashed(password == null || password.isEmpty() ? null : password).call(() -> authorized(caller, id))
                .chain(passwordHash -> Panache.withTransaction(() -> manageable(caller, id, true).call(s -> sameFixedFields(s, body))
                        .chain(s -> {
                    boolean gaveAdmin = s.givesAdmin();
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
                    if (body.has("allow_preview")) {
                        if (!body.get("allow_preview").isBoolean()) {
                            throw invalid("allow_preview", "must be true or false");
                        }
                        s.allowPreview = body.get("allow_preview").asBoolean();
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
                    // Below admin, the grant no longer backs what its holder shared through it.
                    Uni<Void> madeThrough = gaveAdmin && !s.givesAdmin() ? revokeMadeThrough(List.of(s.id), new HashSet<>()).replaceWithVoid()
                            : Uni.createFrom().voidItem();
                    return events.share(EventTypes.SHARE_UPDATED, s).chain(() -> madeThrough).replaceWith(s);
                }))).chain(this::shown);
    }

    /**
     * PUT sends the whole share, as it was created: fields that cannot change may come along when
     * they say what is stored; only a real change is refused.
     */
    private Uni<Void> sameFixedFields(Share s, JsonNode body) {
        if (body.has("resource_type") && !s.resourceType.equals(body.get("resource_type").asText())) {
            throw invalid("resource_type", "cannot be changed: create a new share instead");
        }
        if (body.has("resource_id") && !s.resourceId.toString().equalsIgnoreCase(body.get("resource_id").asText())) {
            throw invalid("resource_id", "cannot be changed: create a new share instead");
        }
        if (body.has("is_public") && (!body.get("is_public").isBoolean() || body.get("is_public").asBoolean() != s.isPublic)) {
            throw invalid("is_public", "cannot be changed: create a new share instead");
        }
        JsonNode target = body.get("shared_with_user");
        if (target == null || target.isNull() && s.sharedWithUserId == null) {
            return Uni.createFrom().voidItem();
        }
        String named = target.isObject() ? target.path("username").asText(target.path("id").asText()) : target.asText();
        return s.sharedWithUserId == null ? Uni.createFrom().failure(invalid("shared_with_user", "cannot be changed: create a new share instead"))
                : users.findById(s.sharedWithUserId).invoke(u -> {
                    if (u == null || !(named.equalsIgnoreCase(u.username) || named.equalsIgnoreCase(u.email)
                            || named.equalsIgnoreCase(u.id.toString()))) {
                        throw invalid("shared_with_user", "cannot be changed: create a new share instead");
                    }
                }).replaceWithVoid();
    }

    /** Revokes the share and what was made through it; once committed, their download URLs stop working. */
    public Uni<Void> revoke(UUID caller, UUID id) {
        return authorized(caller, id).chain(() -> Panache.withTransaction(() -> manageable(caller, id, true)
                .chain(this::revoke)))
                .call(downloads::revoked).replaceWithVoid();
    }

    /** Revokes the share and, in the caller's transaction, everything made through it, transitively: all of them. */
    Uni<List<Share>> revoke(Share s) {
        return revokeOne(s).chain(() -> revokeMadeThrough(List.of(s.id), new HashSet<>())).map(made -> {
            List<Share> all = new ArrayList<>(made);
            all.add(0, s);
            return all;
        });
    }

    /**
     * Revokes the active shares made through {@code grantIds}, then those made through them. Each is locked
     * first, so a share being made through one of them at the same moment is either seen here or refused.
     */
    private Uni<List<Share>> revokeMadeThrough(List<UUID> grantIds, Set<UUID> seen) {
        seen.addAll(grantIds);
        return shares.madeThroughForUpdate(grantIds).chain(made -> {
            List<Share> fresh = made.stream().filter(m -> m.revokedAt == null && !seen.contains(m.id)).toList();
            if (fresh.isEmpty()) {
                return Uni.createFrom().item(List.<Share> of());
            }
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (Share m : fresh) {
                chain = chain.chain(() -> revokeOne(m));
            }
            return chain.chain(() -> revokeMadeThrough(fresh.stream().map(m -> m.id).toList(), seen)).map(deeper -> {
                List<Share> all = new ArrayList<>(fresh);
                all.addAll(deeper);
                return all;
            });
        });
    }

    private Uni<Void> revokeOne(Share s) {
        s.revokedAt = OffsetDateTime.now();
        s.updatedAt = s.revokedAt;
        s.publicTokenHash = null;
        s.publicTokenSealed = null;
        return events.share(EventTypes.SHARE_REVOKED, s);
    }

    /** The shares the caller may manage and, as /with-me has them, those in force that name the caller. */
    public Uni<Page<Shown>> list(UUID caller, PageRequest page, UriInfo uri) {
        return Panache.withSession(() -> page.fetch(shares.listedFor(caller), uri)).chain(p -> showAll(p.results())
                .map(shown -> new Page<>(p.count(), p.next(), p.previous(), shown)));
    }

    /** The users the share's resource is shared with, in the shares the caller may manage. */
    public Uni<List<Shown>> sharedUsers(UUID caller, UUID id) {
        return authorized(caller, id).chain(s -> Panache.withSession(
                () -> shares.ofResourceManageableBy(caller, s.resourceType, s.resourceId)))
                .map(list -> list.stream().filter(s -> s.sharedWithUserId != null).toList())
                .chain(this::showAll);
    }

    /** add_user: shares the same resource with one more user, or changes that user's level. */
    public Uni<Shown> addUser(UUID caller, UUID id, String login, String level) {
        if (login == null || login.isBlank()) {
            throw invalid("user_email", "is required (an email or a username)");
        }
        return authorized(caller, id).chain(s -> {
            String wanted = level != null ? level : USER_LEVELS.contains(s.permissionLevel) ? s.permissionLevel : "view";
            checkLevel(wanted, s.resourceType, false);
            return Panache.withSession(() -> users.byLogin(login).chain(u -> u == null ? Uni.createFrom().<Share> nullItem()
                    : shares.userShare(s.resourceType, s.resourceId, u.id)))
                    .chain(existing -> existing != null && answersTo(existing, caller)
                            ? update(caller, existing.id, JsonNodeFactory.instance.objectNode().put("permission_level", wanted))
                            : create(caller, new NewShare(s.resourceType, s.resourceId, wanted, false, login, s.expiresAt,
                                    true, null, null, null, null)));
        });
    }

    public Uni<Void> removeUser(UUID caller, UUID id, String login) {
        if (login == null || login.isBlank()) {
            throw invalid("user_email", "is required");
        }
        return authorized(caller, id).chain(s -> Panache.withSession(() -> users.byLogin(login)
                .chain(u -> u == null ? Uni.createFrom().<Share> nullItem() : shares.userShare(s.resourceType, s.resourceId, u.id))))
                .chain(grant -> {
                    if (grant == null || !answersTo(grant, caller)) {
                        throw ApiException.notFound("a share of this resource with " + login);
                    }
                    return revoke(caller, grant.id);
                });
    }

    /**
     * The shares of a resource the caller may manage (all of them for its owner, else the caller's own) and
     * the one naming the caller, each with the caller's permission on the resource: owner, the level of
     * their grant, or null. sharing-service's own records answer, without asking files-service.
     */
    public Uni<List<StatusEntry>> status(UUID caller, String type, UUID resourceId) {
        if (type == null || !TYPES.contains(type)) {
            throw invalid("resource_type", "must be file or folder");
        }
        if (resourceId == null) {
            throw invalid("resource_id", "is required");
        }
        return Panache.withSession(() -> shares.ofResourceVisibleTo(caller, type, resourceId).chain(list -> users.byIds(
                list.stream().flatMap(s -> Stream.of(s.sharedWithUserId, s.ownerId)).filter(Objects::nonNull)
                        .collect(Collectors.toSet())).map(known -> {
                    Map<UUID, KnownUser> byUser = known.stream().collect(Collectors.toMap(u -> u.id, Function.identity()));
                    String yours = list.stream().anyMatch(s -> caller.equals(s.resourceOwnerId)) ? "owner"
                            : list.stream().filter(s -> caller.equals(s.sharedWithUserId)).map(s -> s.permissionLevel)
                                    .findFirst().orElse(null);
                    return list.stream().map(s -> new StatusEntry(s, byUser.get(s.ownerId),
                            s.sharedWithUserId == null ? null : byUser.get(s.sharedWithUserId), yours)).toList();
                })));
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
        return authorized(caller, id).chain(s -> Panache.withSession(() -> page.fetch(accesses.of(s.id), uri)));
    }

    /** Deletes every share of a resource that was deleted for good. */
    public Uni<Integer> resourceDeleted(String type, UUID resourceId) {
        return shares.allOfResource(type, resourceId).chain(list -> {
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (Share s : list) {
                chain = chain.chain(() -> s.revokedAt == null ? revoke(s).replaceWithVoid() : Uni.createFrom().voidItem())
                        .chain(() -> shares.delete(s));
            }
            return chain.replaceWith(list.size());
        });
    }

    /** An active share the caller may manage, by sharing-service's own records; 404 otherwise. */
    private Uni<Share> manageable(UUID caller, UUID id, boolean forUpdate) {
        return shares.findManageable(caller, id, forUpdate).onItem().ifNull()
                .failWith(() -> ApiException.notFound("share " + id));
    }

    /**
     * As {@link #manageable}, and a maker who is not the resource's owner must hold admin on it now as
     * files-service sees it (or own it); anything less is 404, as for someone else's share.
     */
    private Uni<Share> authorized(UUID caller, UUID id) {
        return Panache.withSession(() -> manageable(caller, id, false)).call(s -> caller.equals(s.resourceOwnerId)
                ? Uni.createFrom().voidItem()
                : files.lookup(s.resourceType, s.resourceId, caller).invoke(r -> {
                    if (!"owner".equals(r.access()) && !"admin".equals(r.access())) {
                        throw ApiException.notFound("share " + id);
                    }
                }));
    }

    /** Whether the share is the caller's to manage at all: made by them or of their resource. */
    private static boolean answersTo(Share s, UUID caller) {
        return caller.equals(s.ownerId) || caller.equals(s.resourceOwnerId);
    }

    /**
     * For a non-owner, the admin grant the new share is made through, locked (FOR SHARE) until the share is
     * stored: files-service may not have applied a revocation yet, so the grant must still be in force here.
     */
    private Uni<Share> grantHeld(UUID caller, Resource r) {
        if ("owner".equals(r.access())) {
            return Uni.createFrom().nullItem();
        }
        if (r.viaShareId() == null) {
            return Uni.createFrom().failure(ApiException.forbidden(
                    "only the owner or a holder of admin can share this " + r.resourceType()));
        }
        return shares.lockGrant(r.viaShareId()).map(g -> {
            if (g == null || g.revokedAt != null || g.hasExpired() || !g.givesAdmin() || !caller.equals(g.sharedWithUserId)) {
                throw ApiException.notFound(r.resourceType() + " " + r.resourceId());
            }
            return g;
        });
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

    /** The users the targets name, in their order, looked up at once; each must be someone else. */
    private Uni<List<KnownUser>> grantees(UUID caller, Resource resource, List<Target> targets) {
        if (targets.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return Panache.withSession(() -> users.byLogins(targets.stream().map(Target::login).toList())).map(known -> {
            List<KnownUser> found = new ArrayList<>();
            Set<UUID> seen = new HashSet<>();
            for (Target t : targets) {
                String login = t.login().trim();
                KnownUser u = known.stream().filter(k -> login.equalsIgnoreCase(k.username)).findFirst()
                        .or(() -> known.stream().filter(k -> login.equalsIgnoreCase(k.email)).findFirst()).orElse(null);
                if (u == null) {
                    throw invalid(t.field(), "no user has that username or email");
                }
                if (u.id.equals(caller) || u.id.equals(resource.ownerId())) {
                    throw invalid(t.field(), "that user already has this " + resource.resourceType());
                }
                if (!seen.add(u.id)) {
                    throw invalid(t.field(), "names a user already named in shared_users");
                }
                found.add(u);
            }
            return found;
        });
    }

    private Uni<Shown> shown(Share s) {
        return showAll(List.of(s)).map(list -> list.get(0));
    }

    /**
     * With the resources' names and states (without them while files-service is unavailable), the users
     * named and the access counts: one lookup of each kind for the whole list.
     */
    private Uni<List<Shown>> showAll(List<Share> list) {
        Set<UUID> named = list.stream().flatMap(s -> Stream.of(s.sharedWithUserId, s.ownerId)).filter(Objects::nonNull)
                .collect(Collectors.toSet());
        List<UUID> ids = list.stream().map(s -> s.id).toList();
        return resources(list, null).onFailure(ApiException.class).recoverWithItem(Map.of()).chain(byId -> Panache.withSession(
                () -> users.byIds(named).chain(known -> accesses.countsOf(ids).map(counts -> {
                    Map<UUID, KnownUser> byUser = known.stream().collect(Collectors.toMap(u -> u.id, Function.identity()));
                    return list.stream().map(s -> new Shown(s, s.sharedWithUserId == null ? null : byUser.get(s.sharedWithUserId),
                            byId.get(s.resourceId), byUser.get(s.ownerId), counts.getOrDefault(s.id, 0L))).toList();
                }))));
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
