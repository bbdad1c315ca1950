package dev.depot.sharing;

import dev.depot.sharing.repository.KnownUserRepository;
import dev.depot.sharing.repository.ShareRepository;
import dev.depot.sharing.service.TokenVault;
import io.quarkus.elytron.security.common.BcryptUtil;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.util.UUID;
import java.util.function.Consumer;

/** Puts shares straight into the database, for tests that must not depend on files-service. */
@ApplicationScoped
public class StoredShares {

    private final ShareRepository shares;
    private final TokenVault vault;
    private final KnownUserRepository users;

    public StoredShares(ShareRepository shares, TokenVault vault, KnownUserRepository users) {
        this.shares = shares;
        this.vault = vault;
        this.users = users;
    }

    public record Stored(Share share, String token) {}

    /** A public link to a file of {@code owner}, changed by {@code tweak} before it is stored. */
    public Stored publicLink(UUID owner, Consumer<Share> tweak) throws Throwable {
        String token = vault.newToken();
        Share s = new Share();
        s.id = UUID.randomUUID();
        s.ownerId = owner;
        s.resourceOwnerId = owner;
        s.resourceType = "file";
        s.resourceId = UUID.randomUUID();
        s.permissionLevel = "view";
        s.isPublic = true;
        s.publicTokenHash = TokenVault.hash(token);
        s.publicTokenSealed = vault.seal(token);
        s.allowDownload = true;
        s.createdAt = OffsetDateTime.now();
        s.updatedAt = s.createdAt;
        tweak.accept(s);
        VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> shares.persist(s)));
        return new Stored(s, token);
    }

    /**
     * A user share of {@code owner}'s folder made by {@code maker} (through {@code grantedVia} when the maker is
     * not the owner), changed by {@code tweak} before it is stored.
     */
    public Share userShare(
            UUID owner, UUID maker, UUID folder, UUID with, String level, UUID grantedVia, Consumer<Share> tweak)
            throws Throwable {
        Share s = new Share();
        s.id = UUID.randomUUID();
        s.ownerId = maker;
        s.resourceOwnerId = owner;
        s.grantedVia = grantedVia;
        s.resourceType = "folder";
        s.resourceId = folder;
        s.sharedWithUserId = with;
        s.permissionLevel = level;
        s.allowDownload = true;
        s.createdAt = OffsetDateTime.now();
        s.updatedAt = s.createdAt;
        tweak.accept(s);
        VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> shares.persist(s)));
        return s;
    }

    /** A user as if auth-service had announced them. */
    public KnownUser knownUser(String username) throws Throwable {
        KnownUser u = new KnownUser();
        u.id = UUID.randomUUID();
        u.username = username + "-" + u.id.toString().substring(0, 8);
        u.email = u.username + "@example.com";
        VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> users.persist(u)));
        return u;
    }

    public Share reload(UUID id) throws Throwable {
        return VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(() -> shares.findById(id)));
    }

    public static String bcrypt(String password) {
        return BcryptUtil.bcryptHash(password, 4);
    }
}
