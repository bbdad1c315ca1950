package dev.depot.files.service;

import dev.depot.events.payload.UserPayload;
import dev.depot.files.Account;
import dev.depot.files.config.FilesConfig;
import dev.depot.files.repository.AccountRepository;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.OffsetDateTime;

/** Keeps each user's account (storage quota, name, email) as auth-service announces it. */
@ApplicationScoped
public class AccountSyncService {

    private final AccountRepository accounts;
    private final FilesConfig config;
    private final Clock clock;

    public AccountSyncService(AccountRepository accounts, FilesConfig config, Clock clock) {
        this.accounts = accounts;
        this.config = config;
        this.clock = clock;
    }

    /** Records the user as announced; a user announced without a quota keeps theirs, or gets the default. */
    public Uni<Void> learn(UserPayload user) {
        return accounts.findById(user.userId()).chain(existing -> {
            Account a = existing != null ? existing : new Account();
            a.userId = user.userId();
            a.username = user.username();
            a.email = user.email();
            a.displayName = user.displayName();
            a.avatarUrl = user.avatarUrl();
            a.storageQuota = user.storageQuota() != null
                    ? user.storageQuota()
                    : existing != null ? existing.storageQuota : config.defaultQuota();
            a.updatedAt = OffsetDateTime.now(clock);
            return existing != null
                    ? Uni.createFrom().voidItem()
                    : accounts.persist(a).replaceWithVoid();
        });
    }
}
