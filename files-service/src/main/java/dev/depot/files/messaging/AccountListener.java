package dev.depot.files.messaging;

import dev.depot.events.CloudEvent;
import dev.depot.events.EventCodec;
import dev.depot.events.EventTypes;
import dev.depot.events.payload.UserPayload;
import dev.depot.files.Account;
import dev.depot.files.config.FilesConfig;
import dev.depot.files.repository.AccountRepository;
import dev.depot.messaging.Inbox;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/** Learns each user's storage quota, name and email from auth-service's events. */
@ApplicationScoped
public class AccountListener {

    private final AccountRepository accounts;
    private final Inbox inbox;
    private final FilesConfig config;

    public AccountListener(AccountRepository accounts, Inbox inbox, FilesConfig config) {
        this.accounts = accounts;
        this.inbox = inbox;
        this.config = config;
    }

    @Incoming("auth-events")
    @WithTransaction
    public Uni<Void> onEvent(String json) {
        CloudEvent event = EventCodec.read(json);
        // A sign-in carries the same data: accounts known from before a field was added fill in with it.
        if (!EventTypes.USER_REGISTERED.equals(event.type()) && !EventTypes.USER_LOGGED_IN.equals(event.type())) {
            return Uni.createFrom().voidItem();
        }
        UserPayload user = EventCodec.data(event, UserPayload.class);
        return inbox.firstDelivery("accounts", event.id()).chain(first -> !first ? Uni.createFrom().voidItem()
                : accounts.findById(user.userId()).chain(existing -> {
                    Account a = existing != null ? existing : new Account();
                    a.userId = user.userId();
                    a.username = user.username();
                    a.email = user.email();
                    a.displayName = user.displayName();
                    a.avatarUrl = user.avatarUrl();
                    a.storageQuota = user.storageQuota() != null ? user.storageQuota()
                            : existing != null ? existing.storageQuota : config.defaultQuota();
                    a.updatedAt = OffsetDateTime.now(ZoneOffset.UTC);
                    return existing != null ? Uni.createFrom().voidItem() : accounts.persist(a).replaceWithVoid();
                }));
    }

}
