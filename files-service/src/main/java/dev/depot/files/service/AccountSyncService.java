package dev.depot.files.service;

import dev.depot.events.payload.UserPayload;
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

    /**
     * Records the user as announced; a user announced without a quota keeps theirs, or gets the default.
     * The row may be made at any moment by the user's first upload (QuotaService, when this event has not
     * arrived yet), so it is made or locked the way that upload does it: a plain insert could collide with
     * it, and the event, refused, would go to the dead-letter topic with the user's name never learnt.
     */
    public Uni<Void> learn(UserPayload user) {
        OffsetDateTime now = OffsetDateTime.now(clock);
        return accounts.lockOrCreate(user.userId(), config.defaultQuota(), now)
                .invoke(a -> {
                    a.username = user.username();
                    a.email = user.email();
                    a.displayName = user.displayName();
                    a.avatarUrl = user.avatarUrl();
                    if (user.storageQuota() != null) {
                        a.storageQuota = user.storageQuota();
                    }
                    a.updatedAt = now;
                })
                .replaceWithVoid();
    }
}
