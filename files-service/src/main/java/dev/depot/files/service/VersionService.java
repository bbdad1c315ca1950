package dev.depot.files.service;

import dev.depot.common.error.ApiException;
import dev.depot.events.EventTypes;
import dev.depot.files.Category;
import dev.depot.files.FileVersion;
import dev.depot.files.StoredFile;
import dev.depot.files.config.FilesConfig;
import dev.depot.files.messaging.outgoing.FilesEvents;
import dev.depot.files.repository.FileRepository;
import dev.depot.files.repository.VersionRepository;
import dev.depot.files.storage.IncomingFile;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * File versions: new content for an existing file keeps the old content as a numbered version
 * (the newest {@code depot.files.versions-kept} of them), and any version can be made current again.
 */
@ApplicationScoped
public class VersionService {

    private final FileRepository files;
    private final VersionRepository versions;
    private final QuotaService quotas;
    private final FilesEvents events;
    private final int kept;
    private final Clock clock;

    public VersionService(
            FileRepository files,
            VersionRepository versions,
            QuotaService quotas,
            FilesEvents events,
            FilesConfig config,
            Clock clock) {
        this.files = files;
        this.versions = versions;
        this.quotas = quotas;
        this.events = events;
        this.kept = config.versionsKept();
        this.clock = clock;
    }

    /** One entry of a file's history; the current content is the one with {@code isCurrent}. */
    public record Entry(
            int version,
            boolean isCurrent,
            long fileSize,
            String mimeType,
            String sha256,
            java.time.OffsetDateTime createdAt) {}

    /** The history of one of the caller's own live files; another user's is 404. */
    @WithSession
    public Uni<List<Entry>> history(Caller caller, UUID fileId) {
        return files.findLive(caller.id(), fileId)
                .onItem()
                .ifNull()
                .failWith(() -> ApiException.notFound("file " + fileId))
                .chain(file -> versions.of(file.id).map(old -> {
                    List<Entry> all = new java.util.ArrayList<>();
                    all.add(new Entry(file.version, true, file.fileSize, file.mimeType, file.sha256, file.updatedAt));
                    old.forEach(
                            v -> all.add(new Entry(v.version, false, v.fileSize, v.mimeType, v.sha256, v.createdAt)));
                    return all;
                }));
    }

    /** Replaces the content of a live file the caller owns with bytes already in the blob store. */
    @WithTransaction
    Uni<StoredFile> replaceContent(UUID ownerId, UUID fileId, IncomingFile bytes) {
        return files.findLive(ownerId, fileId)
                .onItem()
                .ifNull()
                .failWith(() -> ApiException.notFound("file " + fileId))
                .chain(file ->
                        replace(file, bytes.sha256(), bytes.md5(), bytes.size(), bytes.mimeType(), bytes.sha256()));
    }

    /**
     * Makes an earlier version of one of the caller's own files the current content again; the content
     * it replaces becomes a version. Another user's file is 404.
     */
    @WithTransaction
    public Uni<StoredFile> restore(Caller caller, UUID fileId, int version) {
        return files.findLive(caller.id(), fileId)
                .onItem()
                .ifNull()
                .failWith(() -> ApiException.notFound("file " + fileId))
                .chain(file -> versions.find(file.id, version)
                        .onItem()
                        .ifNull()
                        .failWith(() -> ApiException.notFound("version " + version + " of file " + fileId))
                        .chain(v -> replace(file, v.sha256, v.md5, v.fileSize, v.mimeType, v.storagePath)));
    }

    /** Also forgets what processing derived from the old content: file.uploaded asks for it anew. */
    private Uni<StoredFile> replace(
            StoredFile file, String sha256, String md5, long size, String mimeType, String storagePath) {
        // Locked and fresh: a processing result for the old content must not land after this reset.
        return files.lockFresh(file)
                .onItem()
                .ifNull()
                .failWith(() -> ApiException.notFound("file " + file.id))
                .chain(locked -> replaceLocked(locked, sha256, md5, size, mimeType, storagePath));
    }

    private Uni<StoredFile> replaceLocked(
            StoredFile file, String sha256, String md5, long size, String mimeType, String storagePath) {
        if (sha256 != null && sha256.equals(file.sha256)) {
            return Uni.createFrom()
                    .failure(ApiException.conflict(
                            "the file already has this content", Map.of("existing_file_id", file.id.toString())));
        }
        FileVersion old = new FileVersion();
        old.id = UUID.randomUUID();
        old.fileId = file.id;
        old.ownerId = file.ownerId;
        old.version = file.version;
        old.storagePath = file.storagePath;
        old.sha256 = file.sha256;
        old.md5 = file.md5;
        old.fileSize = file.fileSize;
        old.mimeType = file.mimeType;
        old.createdAt = file.updatedAt;
        // The new content counts in full until old versions are dropped: never over quota, even for a moment.
        return quotas.reserve(file.ownerId, size)
                .chain(() -> versions.persist(old))
                .invoke(saved -> {
                    file.version = file.version + 1;
                    file.sha256 = sha256;
                    file.md5 = md5;
                    file.fileSize = size;
                    file.mimeType = mimeType;
                    file.category = Category.of(mimeType).key();
                    file.storagePath = storagePath;
                    file.resetProcessing();
                    file.updatedAt = OffsetDateTime.now(clock);
                })
                .chain(() -> versions.keepNewest(file.id, kept))
                .chain(() -> events.file(EventTypes.FILE_UPLOADED, file))
                .call(() -> quotas.announceIfNearlyFull(file.ownerId))
                .replaceWith(file);
    }
}
