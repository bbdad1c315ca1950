package dev.depot.sharing.messaging;

import dev.depot.events.CloudEvent;
import dev.depot.events.EventCodec;
import dev.depot.events.EventTypes;
import dev.depot.events.payload.FilePayload;
import dev.depot.events.payload.FolderPayload;
import dev.depot.messaging.Inbox;
import dev.depot.sharing.service.ShareService;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;
import org.eclipse.microprofile.reactive.messaging.Incoming;

/**
 * Removes the shares of files and folders deleted for good. Trashed ones need nothing here: files-service
 * answers for them as not found, which makes their shares inert until they are restored.
 */
@ApplicationScoped
public class ResourceListener {

    private final Inbox inbox;
    private final ShareService shares;

    public ResourceListener(Inbox inbox, ShareService shares) {
        this.inbox = inbox;
        this.shares = shares;
    }

    @Incoming("files-events")
    @WithTransaction
    public Uni<Void> onEvent(String json) {
        CloudEvent event = EventCodec.read(json);
        String type;
        UUID id;
        if (EventTypes.FILE_DELETED.equals(event.type())) {
            type = "file";
            id = EventCodec.data(event, FilePayload.class).fileId();
        } else if (EventTypes.FOLDER_DELETED.equals(event.type())) {
            type = "folder";
            id = EventCodec.data(event, FolderPayload.class).folderId();
        } else {
            return Uni.createFrom().voidItem();
        }
        return inbox.firstDelivery("deleted-resources", event.id())
                .chain(first -> first ? shares.resourceDeleted(type, id).replaceWithVoid() : Uni.createFrom().voidItem());
    }
}
