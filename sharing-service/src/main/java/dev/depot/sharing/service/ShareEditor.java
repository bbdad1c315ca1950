package dev.depot.sharing.service;

import static dev.depot.sharing.service.ShareRules.checkExpiry;
import static dev.depot.sharing.service.ShareRules.checkLevel;
import static dev.depot.sharing.service.ShareRules.checkLimit;
import static dev.depot.sharing.service.ShareRules.checkPassword;
import static dev.depot.sharing.service.ShareRules.invalid;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.depot.common.error.ApiException;
import dev.depot.events.EventTypes;
import dev.depot.sharing.Share;
import dev.depot.sharing.messaging.outgoing.SharesEvents;
import dev.depot.sharing.repository.KnownUserRepository;
import dev.depot.sharing.repository.ShareRepository;
import dev.depot.sharing.service.ShareCreator.NewShare;
import dev.depot.sharing.service.ShareQueries.Shown;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;

/**
 * Changes shares: their settings (PUT and PATCH), and who a resource is shared with (add_user and
 * remove_user, which change, make or revoke the grant naming that user).
 */
@ApplicationScoped
public class ShareEditor {

    private final ShareRepository shares;
    private final KnownUserRepository users;
    private final SharesEvents events;
    private final LinkPasswords passwords;
    private final ManagedShares managed;
    private final ShareQueries queries;
    private final ShareCreator creator;
    private final ShareRevoker revoker;
    private final Clock clock;

    public ShareEditor(
            ShareRepository shares,
            KnownUserRepository users,
            SharesEvents events,
            LinkPasswords passwords,
            ManagedShares managed,
            ShareQueries queries,
            ShareCreator creator,
            ShareRevoker revoker,
            Clock clock) {
        this.shares = shares;
        this.users = users;
        this.events = events;
        this.passwords = passwords;
        this.managed = managed;
        this.queries = queries;
        this.creator = creator;
        this.revoker = revoker;
        this.clock = clock;
    }

    /** PUT and PATCH: only the fields present change; a present null clears expiry, limit or password. */
    public Uni<Shown> update(UUID caller, UUID id, JsonNode body) {
        if (body == null || !body.isObject()) {
            throw ApiException.validation("the body must be a JSON object");
        }
        body.fieldNames().forEachRemaining(field -> {
            if (!ShareRules.CHANGEABLE.contains(field)
                    && !ShareRules.FIXED.contains(field)
                    && !ShareRules.SHOWN_ONLY.contains(field)) {
                throw invalid(field, "is not a field of a share");
            }
        });
        String password = body.has("password") && !body.get("password").isNull()
                ? body.get("password").asText()
                : null;
        if (password != null && !password.isEmpty()) {
            checkPassword(password);
        }
        return hashed(password == null || password.isEmpty() ? null : password)
                .call(() -> managed.authorized(caller, id))
                .chain(passwordHash -> change(caller, id, body, passwordHash))
                .chain(queries::shown);
    }

    /** The change itself, committed before the share is shown (which asks files-service). */
    @WithTransaction
    Uni<Share> change(UUID caller, UUID id, JsonNode body, String passwordHash) {
        return managed.manageable(caller, id, true)
                .call(s -> sameFixedFields(s, body))
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
                        s.expiresAt = ShareRules.dateOrNull(body.get("expires_at"));
                        checkExpiry(s.expiresAt, OffsetDateTime.now(clock));
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
                    s.updatedAt = OffsetDateTime.now(clock);
                    // Below admin, the grant no longer backs what its holder shared through it.
                    Uni<Void> madeThrough = gaveAdmin && !s.givesAdmin()
                            ? revoker.revokeMadeThrough(List.of(s.id), new HashSet<>())
                                    .replaceWithVoid()
                            : Uni.createFrom().voidItem();
                    return events.share(EventTypes.SHARE_UPDATED, s)
                            .chain(() -> madeThrough)
                            .replaceWith(s);
                });
    }

    /**
     * PUT sends the whole share, as it was created: fields that cannot change may come along when
     * they say what is stored; only a real change is refused.
     */
    private Uni<Void> sameFixedFields(Share s, JsonNode body) {
        if (body.has("resource_type")
                && !s.resourceType.equals(body.get("resource_type").asText())) {
            throw invalid("resource_type", "cannot be changed: create a new share instead");
        }
        if (body.has("resource_id")
                && !s.resourceId
                        .toString()
                        .equalsIgnoreCase(body.get("resource_id").asText())) {
            throw invalid("resource_id", "cannot be changed: create a new share instead");
        }
        if (body.has("is_public")
                && (!body.get("is_public").isBoolean() || body.get("is_public").asBoolean() != s.isPublic)) {
            throw invalid("is_public", "cannot be changed: create a new share instead");
        }
        JsonNode target = body.get("shared_with_user");
        if (target == null || target.isNull() && s.sharedWithUserId == null) {
            return Uni.createFrom().voidItem();
        }
        String named = target.isObject()
                ? target.path("username").asText(target.path("id").asText())
                : target.asText();
        return s.sharedWithUserId == null
                ? Uni.createFrom().failure(invalid("shared_with_user", "cannot be changed: create a new share instead"))
                : users.findById(s.sharedWithUserId)
                        .invoke(u -> {
                            if (u == null
                                    || !(named.equalsIgnoreCase(u.username)
                                            || named.equalsIgnoreCase(u.email)
                                            || named.equalsIgnoreCase(u.id.toString()))) {
                                throw invalid("shared_with_user", "cannot be changed: create a new share instead");
                            }
                        })
                        .replaceWithVoid();
    }

    /** add_user: shares the same resource with one more user, or changes that user's level. */
    public Uni<Shown> addUser(UUID caller, UUID id, String login, String level) {
        if (login == null || login.isBlank()) {
            throw invalid("user_email", "is required (an email or a username)");
        }
        return managed.authorized(caller, id).chain(s -> {
            String wanted = level != null
                    ? level
                    : ShareRules.USER_LEVELS.contains(s.permissionLevel) ? s.permissionLevel : "view";
            checkLevel(wanted, s.resourceType, false);
            return grantTo(s, login)
                    .chain(existing -> existing != null && ManagedShares.answersTo(existing, caller)
                            ? update(
                                    caller,
                                    existing.id,
                                    JsonNodeFactory.instance.objectNode().put("permission_level", wanted))
                            : creator.create(
                                    caller,
                                    new NewShare(
                                            s.resourceType,
                                            s.resourceId,
                                            wanted,
                                            false,
                                            login,
                                            s.expiresAt,
                                            true,
                                            null,
                                            null,
                                            null,
                                            null)));
        });
    }

    public Uni<Void> removeUser(UUID caller, UUID id, String login) {
        if (login == null || login.isBlank()) {
            throw invalid("user_email", "is required");
        }
        return managed.authorized(caller, id).chain(s -> grantTo(s, login)).chain(grant -> {
            if (grant == null || !ManagedShares.answersTo(grant, caller)) {
                throw ApiException.notFound("a share of this resource with " + login);
            }
            return revoker.revoke(caller, grant.id);
        });
    }

    /** The grant of the share's resource to the user with that login, if both exist. */
    @WithSession
    Uni<Share> grantTo(Share s, String login) {
        return users.byLogin(login)
                .chain(u -> u == null
                        ? Uni.createFrom().<Share>nullItem()
                        : shares.userShare(s.resourceType, s.resourceId, u.id));
    }

    private Uni<String> hashed(String password) {
        return password == null ? Uni.createFrom().nullItem() : passwords.hash(password);
    }
}
