package dev.depot.files.service;

import dev.depot.common.web.PublicAddress;
import dev.depot.files.Account;
import dev.depot.files.FileVersion;
import dev.depot.files.Folder;
import dev.depot.files.StoredFile;
import dev.depot.files.repository.AccountRepository;
import dev.depot.files.repository.FolderRepository;
import dev.depot.files.repository.VersionRepository;
import dev.depot.files.storage.SignedLinks;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * Looks up what the /api/cdn/ views of a batch of folders and files show beyond their own rows:
 * owners' accounts, files' folders, live counts inside folders and files' earlier versions. One query
 * per kind for the whole batch, however many items a page holds.
 */
@ApplicationScoped
public class ViewDetails {

    /**
     * What the views of a batch of folders and files need beyond their own rows, each looked up once
     * for the whole batch. Whatever is missing shows as unknown, never as a failure.
     */
    public record Details(
            Map<UUID, Account> accounts,
            Map<UUID, Folder> folders,
            Map<UUID, Long> childCounts,
            Map<UUID, Long> fileCounts,
            Map<UUID, List<FileVersion>> versions,
            Map<UUID, String> cdnUrls) {}

    private final AccountRepository accounts;
    private final FolderRepository folders;
    private final VersionRepository versions;

    private final SignedLinks links;

    public ViewDetails(
            AccountRepository accounts, FolderRepository folders, VersionRepository versions, SignedLinks links) {
        this.links = links;
        this.accounts = accounts;
        this.folders = folders;
        this.versions = versions;
    }

    @WithSession
    public Uni<Details> forFolders(Collection<Folder> listed) {
        return of(listed, List.of());
    }

    @WithSession
    public Uni<Details> forFiles(Collection<StoredFile> listed) {
        return of(List.of(), listed);
    }

    @WithSession
    public Uni<Details> forFolder(Folder folder) {
        return of(List.of(folder), List.of());
    }

    @WithSession
    public Uni<Details> forFile(StoredFile file) {
        return of(List.of(), List.of(file));
    }

    /** Only the accounts of the users given. */
    @WithSession
    public Uni<Details> forUsers(Set<UUID> users) {
        return accountsOf(users).map(a -> new Details(a, Map.of(), Map.of(), Map.of(), Map.of(), Map.of()));
    }

    /** The details of the folders and files given, and of the folders the files are in. */
    @WithSession
    public Uni<Details> of(Collection<Folder> listedFolders, Collection<StoredFile> listedFiles) {
        Map<UUID, Folder> known = new LinkedHashMap<>();
        listedFolders.forEach(f -> known.put(f.id, f));
        Set<UUID> missing = new LinkedHashSet<>();
        listedFiles.forEach(f -> {
            if (!known.containsKey(f.folderId)) {
                missing.add(f.folderId);
            }
        });
        List<UUID> fileIds = listedFiles.stream().map(f -> f.id).distinct().toList();
        // Read now, while this is surely the request's own context.
        URI base = listedFiles.isEmpty() ? null : PublicAddress.get().base();
        Map<UUID, String> cdnUrls = new HashMap<>();
        listedFiles.forEach(f -> {
            String url = links.publicUrl(f, base);
            if (url != null) {
                cdnUrls.put(f.id, url);
            }
        });
        Uni<List<Folder>> loaded =
                missing.isEmpty() ? Uni.createFrom().item(List.of()) : folders.list("id in ?1", List.copyOf(missing));
        return loaded.chain(more -> {
            more.forEach(f -> known.put(f.id, f));
            List<UUID> folderIds = List.copyOf(known.keySet());
            return counts(
                            "select f.parentId, count(f) from Folder f where f.parentId in :ids and f.trashedAt is null "
                                    + "group by f.parentId",
                            folderIds)
                    .chain(children -> counts(
                                    "select f.folderId, count(f) from StoredFile f where f.folderId in :ids "
                                            + "and f.trashedAt is null group by f.folderId",
                                    folderIds)
                            .chain(files -> versionsOf(fileIds).chain(olds -> {
                                Set<UUID> owners = new LinkedHashSet<>();
                                known.values().forEach(f -> owners.add(f.ownerId));
                                listedFiles.forEach(f -> owners.add(f.ownerId));
                                olds.values().forEach(vs -> vs.forEach(v -> owners.add(v.ownerId)));
                                return accountsOf(owners)
                                        .map(accountMap ->
                                                new Details(accountMap, known, children, files, olds, cdnUrls));
                            })));
        });
    }

    private Uni<Map<UUID, Long>> counts(String query, List<UUID> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return Panache.getSession()
                .chain(s -> s.createSelectionQuery(query, Object[].class)
                        .setParameter("ids", ids)
                        .getResultList())
                .map(rows -> {
                    Map<UUID, Long> counts = new HashMap<>();
                    rows.forEach(r -> counts.put((UUID) r[0], ((Number) r[1]).longValue()));
                    return counts;
                });
    }

    private Uni<Map<UUID, List<FileVersion>>> versionsOf(List<UUID> fileIds) {
        if (fileIds.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return versions.list("fileId in ?1", Sort.descending("version"), fileIds)
                .map(all -> {
                    Map<UUID, List<FileVersion>> byFile = new HashMap<>();
                    all.forEach(v -> byFile.computeIfAbsent(v.fileId, k -> new ArrayList<>())
                            .add(v));
                    return byFile;
                });
    }

    private Uni<Map<UUID, Account>> accountsOf(Set<UUID> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return accounts.list("userId in ?1", List.copyOf(ids)).map(list -> {
            Map<UUID, Account> byId = new HashMap<>();
            list.forEach(a -> byId.put(a.userId, a));
            return byId;
        });
    }
}
