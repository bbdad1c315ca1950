package dev.depot.sharing.messaging.incoming;

import dev.depot.events.EventTypes;
import dev.depot.events.payload.FilePayload;
import dev.depot.events.payload.FolderPayload;
import dev.depot.events.routing.EventRoutes;
import dev.depot.messaging.Inbox;
import dev.depot.messaging.InboxListener;
import dev.depot.sharing.service.ShareRevoker;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Removes the shares of files and folders deleted for good. Trashed ones need nothing here: files-service
 * answers for them as not found, which makes their shares inert until they are restored.
 */
@ApplicationScoped
public class ResourceListener {

    private final InboxListener events;

    public ResourceListener(Inbox inbox, ShareRevoker shares) {
        this.events = inbox.listener(
                "deleted-resources",
                new EventRoutes<Uni<Void>>()
                        .on(EventTypes.FILE_DELETED, FilePayload.class, file -> shares.resourceDeleted(
                                        "file", file.data().fileId())
                                .replaceWithVoid())
                        .on(EventTypes.FOLDER_DELETED, FolderPayload.class, folder -> shares.resourceDeleted(
                                        "folder", folder.data().folderId())
                                .replaceWithVoid()));
    }

    @Incoming("files-events")
    @WithTransaction
    public Uni<Void> onEvent(String json) {
        return events.accept(json);
    }
}
