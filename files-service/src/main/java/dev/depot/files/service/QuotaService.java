package dev.depot.files.service;

import dev.depot.common.error.ApiException;
import dev.depot.events.EventTypes;
import dev.depot.events.payload.StoragePayload;
import dev.depot.files.Account;
import dev.depot.files.Category;
import dev.depot.files.config.FilesConfig;
import dev.depot.files.messaging.outgoing.FilesEvents;
import dev.depot.files.repository.AccountRepository;
import dev.depot.files.repository.FileRepository;
import dev.depot.files.repository.FileRepository.CategoryTotal;
import dev.depot.files.repository.VersionRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Quotas and usage. Everything a user keeps counts until it is deleted for good, the trash
 * included, so restoring from the trash can never take anyone over quota.
 */
@ApplicationScoped
public class QuotaService {

    private final FilesConfig config;
    private final AccountRepository accounts;
    private final FileRepository files;
    private final VersionRepository versions;
    private final FilesEvents events;
    private final Clock clock;

    public QuotaService(
            FilesConfig config,
            AccountRepository accounts,
            FileRepository files,
            VersionRepository versions,
            FilesEvents events,
            Clock clock) {
        this.config = config;
        this.accounts = accounts;
        this.files = files;
        this.versions = versions;
        this.events = events;
        this.clock = clock;
    }

    /** One category of the storage breakdown (live files only; the trash is shown apart). */
    public record CategoryUsage(String type, String name, long size, long count, OffsetDateTime lastUpdate) {}

    public record Summary(
            long totalUsed,
            long totalAvailable,
            int percentageUsed,
            List<CategoryUsage> categories,
            long trashSize,
            long trashCount,
            long versionsSize) {}

    /**
     * Refuses (413) a write of {@code bytes} that would take the user over quota. Locks the user's
     * account row for the rest of the transaction, so concurrent writes are counted one after another.
     */
    public Uni<Void> reserve(UUID ownerId, long bytes) {
        return lockedAccount(ownerId)
                .chain(account -> files.usedBytes(ownerId).invoke(used -> {
                    if (used + bytes > account.storageQuota) {
                        throw ApiException.tooLarge("this would exceed your storage quota (" + used + " of "
                                + account.storageQuota + " bytes used)");
                    }
                }))
                .replaceWithVoid();
    }

    /**
     * Refuses (413) {@code bytes} that would not fit in what is left of the quota now, as
     * {@link #reserve} counts it. Only a read, without the lock: it tells a client before it sends
     * the bytes; the reservation when they are recorded still decides.
     */
    @WithSession
    public Uni<Void> checkRoom(UUID ownerId, long bytes) {
        return accounts.findById(ownerId)
                .chain(account -> files.usedBytes(ownerId).invoke(used -> {
                    long quota = account == null ? config.defaultQuota() : account.storageQuota;
                    if (used + bytes > quota) {
                        throw ApiException.tooLarge(
                                "this upload of " + bytes + " bytes would exceed the storage quota (" + used + " of "
                                        + quota + " bytes used, " + Math.max(0, quota - used) + " left)");
                    }
                }))
                .replaceWithVoid();
    }

    /** Bytes counted against the quota (live, trashed and kept versions) and the quota itself. */
    public record Usage(long used, long quota) {}

    @WithSession
    public Uni<Usage> usage(UUID ownerId) {
        return accounts.findById(ownerId).chain(account -> files.usedBytes(ownerId)
                .map(used -> new Usage(used, account == null ? config.defaultQuota() : account.storageQuota)));
    }

    /** Announces storage.limit_reached once each time usage crosses the warning threshold. */
    public Uni<Void> announceIfNearlyFull(UUID ownerId) {
        return lockedAccount(ownerId).chain(account -> files.usedBytes(ownerId).chain(used -> {
            int percent = percent(used, account.storageQuota);
            boolean over = percent >= config.storageWarningPercent();
            if (over == account.limitWarned) {
                return Uni.createFrom().voidItem();
            }
            account.limitWarned = over;
            account.updatedAt = OffsetDateTime.now(clock);
            return over
                    ? events.publish(
                            EventTypes.STORAGE_LIMIT_REACHED,
                            ownerId,
                            ownerId,
                            new StoragePayload(ownerId, used, account.storageQuota, percent))
                    : Uni.createFrom().voidItem();
        }));
    }

    /** The caller's own storage in the Arkive shape: used, available, percentage and a breakdown by category. */
    @WithSession
    public Uni<Summary> summary(Caller caller) {
        UUID ownerId = caller.id();
        return accounts.findById(ownerId).chain(account -> {
            long quota = account == null ? config.defaultQuota() : account.storageQuota;
            return files.totalsByCategory(ownerId).chain(totals -> versions.bytesOf(ownerId)
                    .map(versionsSize -> summarize(totals, versionsSize, quota)));
        });
    }

    private Summary summarize(List<CategoryTotal> totals, long versionsSize, long quota) {
        Map<String, CategoryUsage> live = new HashMap<>();
        long used = versionsSize;
        long trashSize = 0;
        long trashCount = 0;
        for (CategoryTotal total : totals) {
            used += total.size();
            if (total.trashed()) {
                trashSize += total.size();
                trashCount += total.count();
            } else {
                live.put(
                        total.category(),
                        new CategoryUsage(
                                total.category(),
                                Category.fromKey(total.category()).label(),
                                total.size(),
                                total.count(),
                                total.newest()));
            }
        }
        List<CategoryUsage> categories = new ArrayList<>();
        for (Category c : Category.values()) {
            categories.add(live.getOrDefault(c.key(), new CategoryUsage(c.key(), c.label(), 0, 0, null)));
        }
        return new Summary(used, quota, percent(used, quota), categories, trashSize, trashCount, versionsSize);
    }

    private Uni<Account> lockedAccount(UUID ownerId) {
        return accounts.lockOrCreate(ownerId, config.defaultQuota(), OffsetDateTime.now(clock));
    }

    static int percent(long used, long quota) {
        return quota <= 0 ? 100 : (int) Math.min(100, used * 100 / quota);
    }
}
