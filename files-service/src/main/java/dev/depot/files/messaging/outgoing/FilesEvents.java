package dev.depot.files.messaging.outgoing;

import dev.depot.events.EventTypes;
import dev.depot.events.Topics;
import dev.depot.events.payload.FilePayload;
import dev.depot.events.payload.FolderPayload;
import dev.depot.files.Folder;
import dev.depot.files.StoredFile;
import dev.depot.messaging.OutboxPublisher;
import dev.depot.messaging.OutboxPublisher.Producer;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;

/** Writes files-service's events to the outbox, in the caller's transaction. */
@ApplicationScoped
public class FilesEvents {

    static final Producer FILES = new Producer("depot/files-service", Topics.FILES);

    private final OutboxPublisher publisher;

    public FilesEvents(OutboxPublisher publisher) {
        this.publisher = publisher;
    }

    public Uni<Void> folder(String type, Folder f) {
        return folder(type, f, null, null);
    }

    public Uni<Void> folder(String type, Folder f, Integer folders, Integer files) {
        return publish(
                type, f.id, f.ownerId, new FolderPayload(f.id, f.ownerId, f.name, f.parentId, f.path, folders, files));
    }

    public Uni<Void> file(String type, StoredFile f) {
        return publish(type, f.id, f.ownerId, payload(f, null));
    }

    /** file.deleted for a file that the deletion for good of {@code folderId} took along. */
    public Uni<Void> fileDeletedWith(StoredFile f, UUID folderId) {
        return publish(EventTypes.FILE_DELETED, f.id, f.ownerId, payload(f, folderId));
    }

    private static FilePayload payload(StoredFile f, UUID deletedWith) {
        return new FilePayload(
                f.id,
                f.ownerId,
                f.filename,
                f.folderId,
                f.fileSize,
                f.mimeType,
                f.category,
                f.sha256,
                f.starred,
                f.cdnUrl,
                deletedWith);
    }

    public Uni<Void> publish(String type, UUID subject, UUID owner, Object payload) {
        return publisher.publish(FILES, type, subject, owner, payload);
    }
}
