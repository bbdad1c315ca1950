package dev.depot.files.rest;

import dev.depot.common.web.Page;
import dev.depot.files.Folder;
import dev.depot.files.StoredFile;
import dev.depot.files.mapping.Views;
import dev.depot.files.mapping.Views.ContentsView;
import dev.depot.files.mapping.Views.FileView;
import dev.depot.files.mapping.Views.FolderView;
import dev.depot.files.service.ViewDetails;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/** Folders and files as the /api/cdn/ routes answer them, with their details looked up per batch. */
@ApplicationScoped
public class CdnViews {

    private final ViewDetails details;

    public CdnViews(ViewDetails details) {
        this.details = details;
    }

    public Uni<FileView> file(StoredFile f) {
        return details.forFile(f).map(d -> Views.file(f, d));
    }

    public Uni<List<FileView>> files(List<StoredFile> files) {
        return details.forFiles(files)
                .map(d -> files.stream().map(f -> Views.file(f, d)).toList());
    }

    public Uni<Page<FileView>> files(Page<StoredFile> page) {
        return files(page.results()).map(list -> new Page<>(page.count(), page.next(), page.previous(), list));
    }

    public Uni<FolderView> folder(Folder f) {
        return details.forFolder(f).map(d -> Views.folder(f, d));
    }

    /** A folder's own view and those of everything directly in it, looked up in one batch. */
    public Uni<ContentsView> contents(Folder folder, List<Folder> folders, List<StoredFile> files) {
        List<Folder> all = new ArrayList<>(folders.size() + 1);
        all.add(folder);
        all.addAll(folders);
        return details.of(all, files).map(d -> Views.contents(folder, folders, files, d));
    }

    public Uni<Page<FolderView>> folders(Page<Folder> page) {
        return details.forFolders(page.results())
                .map(d -> new Page<>(
                        page.count(),
                        page.next(),
                        page.previous(),
                        page.results().stream().map(f -> Views.folder(f, d)).toList()));
    }
}
