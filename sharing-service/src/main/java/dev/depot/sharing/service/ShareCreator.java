package dev.depot.sharing.service;

import static dev.depot.sharing.service.ShareRules.checkExpiry;
import static dev.depot.sharing.service.ShareRules.checkLevel;
import static dev.depot.sharing.service.ShareRules.checkLimit;
import static dev.depot.sharing.service.ShareRules.checkPassword;
import static dev.depot.sharing.service.ShareRules.invalid;

import dev.depot.common.error.ApiException;
import dev.depot.common.error.Failures;
import dev.depot.events.EventTypes;
import dev.depot.filesapi.ResourceInfo;
import dev.depot.sharing.KnownUser;
import dev.depot.sharing.Share;
import dev.depot.sharing.client.FilesClient;
import dev.depot.sharing.messaging.outgoing.SharesEvents;
import dev.depot.sharing.repository.KnownUserRepository;
import dev.depot.sharing.repository.ShareRepository;
import dev.depot.sharing.service.ShareQueries.Shown;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Makes shares: a public link, or grants to users. The resource's owner may share it, and so may a holder
 * of admin on it, through their grant: the new share is recorded as made through it, and is revoked with it.
 */
@ApplicationScoped
public class ShareCreator {

    private final ShareRepository shares;
    private final KnownUserRepository users;
    private final FilesClient files;
    private final SharesEvents events;
    private final LinkPasswords passwords;
    private final TokenVault vault;
    private final ShareRequests requests;
    private final ShareQueries queries;
    private final Clock clock;

    public ShareCreator(
            ShareRepository shares,
            KnownUserRepository users,
            FilesClient files,
            SharesEvents events,
            LinkPasswords passwords,
            TokenVault vault,
            ShareRequests requests,
            ShareQueries queries,
            Clock clock) {
        this.shares = shares;
        this.users = users;
        this.files = files;
        this.events = events;
        this.passwords = passwords;
        this.vault = vault;
        this.requests = requests;
        this.queries = queries;
        this.clock = clock;
    }

    /**
     * What POST /shares/ takes (the resource, the level, public or not, expiry and limits, plus who to share
     * with and a password): one user in {@code shared_with_user}, or several in {@code shared_users} (as CDN
     * clients send them), one grant each.
     */
    public record NewShare(
            String resourceType,
            UUID resourceId,
            String permissionLevel,
            Boolean isPublic,
            String sharedWithUser,
            OffsetDateTime expiresAt,
            Boolean allowDownload,
            Boolean allowPreview,
            Integer downloadLimit,
            String password,
            List<SharedUser> sharedUsers) {}

    /** One entry of {@code shared_users}: an email or username, and its level (else the body's, else view). */
    public record SharedUser(String userEmail, String user, String permissionLevel) {}

    /** Whom one new share names: the request field to blame, the login and the level. */
    record Target(String field, String login, String level) {}

    public Uni<Shown> create(UUID caller, NewShare in) {
        return createAll(caller, in, null).map(list -> list.get(0));
    }

    /**
     * Makes the share, or with {@code shared_users} one grant per user: all of them or, when any entry is
     * refused, none (the refusal names the entry). With an idempotency key (see {@link ShareRequests}) that
     * an earlier request made shares with, those shares, as they are now.
     */
    public Uni<List<Shown>> createAll(UUID caller, NewShare in, String idempotencyKey) {
        if (idempotencyKey == null) {
            return make(caller, in, null, null);
        }
        String fingerprint = ShareRequests.fingerprint(in);
        return requests.earlier(caller, idempotencyKey, fingerprint)
                .chain(made -> made != null
                        ? shown(caller, made)
                        : make(caller, in, idempotencyKey, fingerprint)
                                // The same key raced in: the other request committed its shares first
                                // (PostgreSQL holds the second insert of a key until the first commits).
                                .onFailure(Failures::isUniqueViolation)
                                .recoverWithUni(e -> requests.earlier(caller, idempotencyKey, fingerprint)
                                        .chain(raced -> raced != null
                                                ? shown(caller, raced)
                                                : Uni.createFrom().failure(alreadyShared(in)))));
    }

    /** A unique violation of a grant: another request shared the resource with the same user first. */
    private static ApiException alreadyShared(NewShare in) {
        boolean many = in.sharedUsers() != null && !in.sharedUsers().isEmpty();
        return ApiException.conflict(
                "this resource is already shared with that user; change that share instead",
                many
                        ? Map.of("shared_users", "one of these users already has a share of this " + in.resourceType())
                        : Map.of("shared_with_user", String.valueOf(in.sharedWithUser())));
    }

    private Uni<List<Shown>> shown(UUID caller, List<UUID> ids) {
        Uni<List<Shown>> all = Uni.createFrom().item(List.of());
        for (UUID id : ids) {
            all = all.chain(list -> queries.get(caller, id).map(one -> {
                List<Shown> more = new ArrayList<>(list);
                more.add(one);
                return more;
            }));
        }
        return all;
    }

    private Uni<List<Shown>> make(UUID caller, NewShare in, String idempotencyKey, String fingerprint) {
        String type = ShareRules.required(in.resourceType(), "resource_type");
        if (!ShareRules.TYPES.contains(type)) {
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
            throw invalid(
                    many ? "shared_users" : "shared_with_user",
                    isPublic ? "a public link names no user" : "is required unless is_public is true");
        }
        String level = in.permissionLevel() == null ? "view" : in.permissionLevel();
        List<Target> targets = many
                ? targets(in.sharedUsers(), level, type)
                : one ? List.of(new Target("shared_with_user", in.sharedWithUser(), level)) : List.of();
        if (!many) {
            checkLevel(level, type, isPublic);
        }
        checkExpiry(in.expiresAt(), OffsetDateTime.now(clock));
        checkLimit(in.downloadLimit());
        checkPassword(in.password());
        return visibleForSharing(caller, type, in.resourceId()).chain(resource -> grantees(caller, resource, targets)
                .call(found -> many
                        ? notYetShared(resource, targets, found)
                        : Uni.createFrom().voidItem())
                .chain(found -> hashed(in.password())
                        .chain(passwordHash -> store(
                                caller,
                                in,
                                resource,
                                targets,
                                found,
                                level,
                                passwordHash,
                                idempotencyKey,
                                fingerprint)))
                // With a key, the violation may be the key's: createAll looks for the request that won.
                .onFailure(e -> idempotencyKey == null && Failures.isUniqueViolation(e))
                .transform(e -> alreadyShared(in)));
    }

    /**
     * A public link (no targets), or one grant per target, all in one transaction, with the idempotency key
     * if there is one; its unique-violation, if another request shared with the same user first (or sent the
     * same key), reaches the caller at commit.
     */
    @WithTransaction
    Uni<List<Shown>> store(
            UUID caller,
            NewShare in,
            ResourceInfo resource,
            List<Target> targets,
            List<KnownUser> found,
            String level,
            String passwordHash,
            String idempotencyKey,
            String fingerprint) {
        boolean isPublic = targets.isEmpty();
        return grantHeld(caller, resource).chain(via -> users.findById(caller).chain(maker -> {
            OffsetDateTime now = OffsetDateTime.now(clock);
            List<Shown> made = new ArrayList<>();
            Uni<Void> chain = Uni.createFrom().voidItem();
            for (int i = 0; i < (isPublic ? 1 : targets.size()); i++) {
                KnownUser target = isPublic ? null : found.get(i);
                Share s = newShare(
                        caller,
                        in,
                        resource,
                        via,
                        target,
                        isPublic ? level : targets.get(i).level(),
                        passwordHash,
                        now);
                chain = chain.chain(() -> shares.persist(s))
                        .call(() -> events.share(EventTypes.SHARE_CREATED, s))
                        .invoke(saved -> made.add(new Shown(saved, target, resource, maker, 0)))
                        .replaceWithVoid();
            }
            if (idempotencyKey != null) {
                chain = chain.chain(() -> requests.record(
                        caller,
                        idempotencyKey,
                        fingerprint,
                        made.stream().map(x -> x.share().id).toList()));
            }
            return chain.map(v -> List.copyOf(made));
        }));
    }

    /** A new share of the resource, a public link when {@code target} is null. */
    private Share newShare(
            UUID caller,
            NewShare in,
            ResourceInfo resource,
            Share via,
            KnownUser target,
            String level,
            String passwordHash,
            OffsetDateTime now) {
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
    @WithSession
    Uni<Void> notYetShared(ResourceInfo resource, List<Target> targets, List<KnownUser> found) {
        return shares.usersSharedWith(
                        resource.resourceType(),
                        resource.resourceId(),
                        found.stream().map(u -> u.id).toList())
                .invoke(already -> {
                    for (int i = 0; i < found.size(); i++) {
                        if (already.contains(found.get(i).id)) {
                            throw ApiException.conflict(
                                    "this resource is already shared with "
                                            + targets.get(i).login() + "; change that share instead",
                                    Map.of(
                                            targets.get(i).field(),
                                            targets.get(i).login()));
                        }
                    }
                })
                .replaceWithVoid();
    }

    /**
     * For a non-owner, the admin grant the new share is made through, locked (FOR SHARE) until the share is
     * stored: files-service may not have applied a revocation yet, so the grant must still be in force here.
     */
    private Uni<Share> grantHeld(UUID caller, ResourceInfo r) {
        if ("owner".equals(r.access())) {
            return Uni.createFrom().nullItem();
        }
        if (r.viaShareId() == null) {
            return Uni.createFrom()
                    .failure(ApiException.forbidden(
                            "only the owner or a holder of admin can share this " + r.resourceType()));
        }
        return shares.lockGrant(r.viaShareId()).map(g -> {
            if (g == null
                    || g.revokedAt != null
                    || g.hasExpired(OffsetDateTime.now(clock))
                    || !g.givesAdmin()
                    || !caller.equals(g.sharedWithUserId)) {
                throw ApiException.notFound(r.resourceType() + " " + r.resourceId());
            }
            return g;
        });
    }

    /** The resource if the caller may share it: its owner or a holder of admin. Anything else is 404. */
    private Uni<ResourceInfo> visibleForSharing(UUID caller, String type, UUID id) {
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
    private Uni<List<KnownUser>> grantees(UUID caller, ResourceInfo resource, List<Target> targets) {
        if (targets.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return byLogins(targets.stream().map(Target::login).toList()).map(known -> {
            List<KnownUser> found = new ArrayList<>();
            Set<UUID> seen = new HashSet<>();
            for (Target t : targets) {
                String login = t.login().trim();
                KnownUser u = known.stream()
                        .filter(k -> login.equalsIgnoreCase(k.username))
                        .findFirst()
                        .or(() -> known.stream()
                                .filter(k -> login.equalsIgnoreCase(k.email))
                                .findFirst())
                        .orElse(null);
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

    @WithSession
    Uni<List<KnownUser>> byLogins(List<String> logins) {
        return users.byLogins(logins);
    }

    private Uni<String> hashed(String password) {
        return password == null ? Uni.createFrom().nullItem() : passwords.hash(password);
    }
}
