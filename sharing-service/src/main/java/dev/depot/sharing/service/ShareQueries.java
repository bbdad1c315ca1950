package dev.depot.sharing.service;

import dev.depot.common.error.ApiException;
import dev.depot.common.web.PageRequest;
import dev.depot.common.web.PageResults;
import dev.depot.filesapi.ResourceInfo;
import dev.depot.filesapi.ResourceRef;
import dev.depot.sharing.KnownUser;
import dev.depot.sharing.Share;
import dev.depot.sharing.ShareAccess;
import dev.depot.sharing.client.FilesClient;
import dev.depot.sharing.repository.KnownUserRepository;
import dev.depot.sharing.repository.ShareAccessRepository;
import dev.depot.sharing.repository.ShareRepository;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What was shared with whom, as the sharer and the people shared with see it: the caller's shares, a
 * resource's shares, what others shared with the caller and a link's access log. Nothing here changes.
 */
@ApplicationScoped
public class ShareQueries {

    /** How many shares with-me considers; it filters what is trashed, so it pages in memory. */
    static final int WITH_ME_MAX = 1000;

    static final int LOOKUP_BATCH = 200;

    private final ShareRepository shares;
    private final ShareAccessRepository accesses;
    private final KnownUserRepository users;
    private final FilesClient files;
    private final ManagedShares managed;

    public ShareQueries(
            ShareRepository shares,
            ShareAccessRepository accesses,
            KnownUserRepository users,
            FilesClient files,
            ManagedShares managed) {
        this.shares = shares;
        this.accesses = accesses;
        this.users = users;
        this.files = files;
        this.managed = managed;
    }

    /**
     * A share with what is needed to show it: the user it names, the resource as it now is, who made it and
     * how many uses of it were logged.
     */
    public record Shown(Share share, KnownUser sharedWith, ResourceInfo resource, KnownUser maker, long accessLogs) {}

    /** A share in a resource's status, with the caller's own permission on the resource (null for none). */
    public record StatusEntry(Share share, KnownUser maker, KnownUser sharedWith, String yourPermission) {}

    public record WithMe(Share share, KnownUser owner, ResourceInfo resource) {}

    public Uni<Shown> get(UUID caller, UUID id) {
        return managed.authorized(caller, id).chain(this::shown);
    }

    /** The shares the caller may manage and, as /with-me has them, those in force that name the caller. */
    public Uni<PageResults<Shown>> list(UUID caller, PageRequest page) {
        return listed(caller, page).chain(p -> showAll(p.results()).map(shown -> new PageResults<>(p.count(), shown)));
    }

    @WithSession
    Uni<PageResults<Share>> listed(UUID caller, PageRequest page) {
        return page.fetch(shares.listedFor(caller));
    }

    /** The users the share's resource is shared with, in the shares the caller may manage. */
    public Uni<List<Shown>> sharedUsers(UUID caller, UUID id) {
        return managed.authorized(caller, id)
                .chain(s -> manageableOfResource(caller, s))
                .map(list ->
                        list.stream().filter(s -> s.sharedWithUserId != null).toList())
                .chain(this::showAll);
    }

    @WithSession
    Uni<List<Share>> manageableOfResource(UUID caller, Share s) {
        return shares.ofResourceManageableBy(caller, s.resourceType, s.resourceId);
    }

    /**
     * The shares of a resource the caller may manage (all of them for its owner, else the caller's own) and
     * the one naming the caller, each with the caller's permission on the resource: owner, the level of
     * their grant, or null. sharing-service's own records answer, without asking files-service.
     */
    public Uni<List<StatusEntry>> status(UUID caller, String type, UUID resourceId) {
        ShareRules.checkType(type);
        if (resourceId == null) {
            throw ShareRules.invalid("resource_id", "is required");
        }
        return statusOf(caller, type, resourceId);
    }

    @WithSession
    Uni<List<StatusEntry>> statusOf(UUID caller, String type, UUID resourceId) {
        return shares.ofResourceVisibleTo(caller, type, resourceId).chain(list -> users.byIds(list.stream()
                        .flatMap(s -> Stream.of(s.sharedWithUserId, s.ownerId))
                        .filter(Objects::nonNull)
                        .collect(Collectors.toSet()))
                .map(known -> {
                    Map<UUID, KnownUser> byUser =
                            known.stream().collect(Collectors.toMap(u -> u.id, Function.identity()));
                    String yours = list.stream().anyMatch(s -> caller.equals(s.resourceOwnerId))
                            ? "owner"
                            : list.stream()
                                    .filter(s -> caller.equals(s.sharedWithUserId))
                                    .map(s -> s.permissionLevel)
                                    .findFirst()
                                    .orElse(null);
                    return list.stream()
                            .map(s -> new StatusEntry(
                                    s,
                                    byUser.get(s.ownerId),
                                    s.sharedWithUserId == null ? null : byUser.get(s.sharedWithUserId),
                                    yours))
                            .toList();
                }));
    }

    /** What others shared with the caller and can be used now: in force and not in the trash. */
    public Uni<PageResults<WithMe>> withMe(UUID caller, PageRequest page) {
        return sharedWith(caller).chain(list -> resources(list, caller).chain(byId -> {
            List<Share> usable = list.stream()
                    .filter(s -> byId.containsKey(s.resourceId)
                            && byId.get(s.resourceId).live())
                    .toList();
            List<Share> slice =
                    usable.stream().skip(page.offset()).limit(page.size()).toList();
            return usersByIds(slice.stream().map(s -> s.ownerId).collect(Collectors.toSet()))
                    .map(owners -> {
                        Map<UUID, KnownUser> byOwner =
                                owners.stream().collect(Collectors.toMap(u -> u.id, Function.identity()));
                        return new PageResults<>(
                                usable.size(),
                                slice.stream()
                                        .map(s -> new WithMe(s, byOwner.get(s.ownerId), byId.get(s.resourceId)))
                                        .toList());
                    });
        }));
    }

    @WithSession
    Uni<List<Share>> sharedWith(UUID caller) {
        return shares.withUser(caller, WITH_ME_MAX);
    }

    @WithSession
    Uni<List<KnownUser>> usersByIds(Set<UUID> ids) {
        return users.byIds(ids);
    }

    public Uni<PageResults<ShareAccess>> accesses(UUID caller, UUID id, PageRequest page) {
        return managed.authorized(caller, id).chain(s -> accessesOf(s, page));
    }

    @WithSession
    Uni<PageResults<ShareAccess>> accessesOf(Share s, PageRequest page) {
        return page.fetch(accesses.of(s.id));
    }

    Uni<Shown> shown(Share s) {
        return showAll(List.of(s)).map(list -> list.get(0));
    }

    /**
     * With the resources' names and states (without them while files-service is unavailable), the users
     * named and the access counts: one lookup of each kind for the whole list.
     */
    Uni<List<Shown>> showAll(List<Share> list) {
        return resources(list, null)
                .onFailure(ApiException.class)
                .recoverWithItem(Map.of())
                .chain(byId -> withUsersAndCounts(list, byId));
    }

    @WithSession
    Uni<List<Shown>> withUsersAndCounts(List<Share> list, Map<UUID, ResourceInfo> byId) {
        Set<UUID> named = list.stream()
                .flatMap(s -> Stream.of(s.sharedWithUserId, s.ownerId))
                .filter(Objects::nonNull)
                .collect(Collectors.toSet());
        List<UUID> ids = list.stream().map(s -> s.id).toList();
        return users.byIds(named).chain(known -> accesses.countsOf(ids).map(counts -> {
            Map<UUID, KnownUser> byUser = known.stream().collect(Collectors.toMap(u -> u.id, Function.identity()));
            return list.stream()
                    .map(s -> new Shown(
                            s,
                            s.sharedWithUserId == null ? null : byUser.get(s.sharedWithUserId),
                            byId.get(s.resourceId),
                            byUser.get(s.ownerId),
                            counts.getOrDefault(s.id, 0L)))
                    .toList();
        }));
    }

    /** The shares' resources as files-service now sees them (for {@code userId}'s access when given). */
    private Uni<Map<UUID, ResourceInfo>> resources(List<Share> list, UUID userId) {
        List<ResourceRef> refs = list.stream()
                .map(s -> new ResourceRef(s.resourceType, s.resourceId))
                .distinct()
                .toList();
        List<Uni<List<ResourceInfo>>> batches = new ArrayList<>();
        for (int i = 0; i < refs.size(); i += LOOKUP_BATCH) {
            batches.add(files.lookup(refs.subList(i, Math.min(refs.size(), i + LOOKUP_BATCH)), userId));
        }
        if (batches.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return Uni.join().all(batches).andFailFast().map(all -> all.stream()
                .flatMap(List::stream)
                .collect(Collectors.toMap(ResourceInfo::resourceId, Function.identity(), (a, b) -> a)));
    }
}
