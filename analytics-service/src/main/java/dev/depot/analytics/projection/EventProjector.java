package dev.depot.analytics.projection;

import static dev.depot.analytics.projection.Changes.Kind.ACTIVITY;
import static dev.depot.analytics.projection.Changes.Kind.DELIVERY;
import static dev.depot.analytics.projection.Changes.Kind.FILE;
import static dev.depot.analytics.projection.Changes.Kind.FILE_COUNTERS;
import static dev.depot.analytics.projection.Changes.Kind.FILE_DAILY;
import static dev.depot.analytics.projection.Changes.Kind.FOLDER;
import static dev.depot.analytics.projection.Changes.Kind.JOB;
import static dev.depot.analytics.projection.Changes.Kind.OWNER_DAILY;
import static dev.depot.analytics.projection.Changes.Kind.USER;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.depot.events.CloudEvent;
import dev.depot.events.EventCodec;
import dev.depot.events.EventTypes;
import dev.depot.events.payload.FilePayload;
import dev.depot.events.payload.FolderPayload;
import dev.depot.events.payload.ProcessingPayload;
import dev.depot.events.payload.ShareAccessPayload;
import dev.depot.events.payload.SharePayload;
import dev.depot.events.payload.StoragePayload;
import dev.depot.events.payload.UserPayload;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/**
 * Turns one domain event into the changes it makes to the read models: the activity log, files and
 * folders (for the dashboard), access counters (file analytics), processing jobs, users (who an activity
 * entry is by) and webhook deliveries.
 * Pure: it reads nothing, so that it can run outside the transaction and a bad event is found before it.
 */
public final class EventProjector {

    public static final String LIVE = "live";
    public static final String TRASHED = "trashed";
    public static final String DELETED = "deleted";

    private final Duration maxDeliveryAge;

    public EventProjector(Duration maxDeliveryAge) {
        this.maxDeliveryAge = maxDeliveryAge;
    }

    /** @throws IllegalArgumentException when the event or its data is not what its type promises */
    public Changes project(CloudEvent event, OffsetDateTime now) {
        if (event.id() == null || event.type() == null) {
            throw new IllegalArgumentException("an event needs an id and a type");
        }
        OffsetDateTime time = event.time() == null ? now : event.time();
        UUID user = uuidOrNull(event.userid());
        Changes changes = new Changes();
        Activity activity = new Activity(resourceType(event.type()), event.subject(), null, null, null, null);
        String type = event.type();
        if (type.startsWith("file.")) {
            activity = file(event, time, user, changes);
        } else if (type.startsWith("folder.")) {
            activity = folder(event, time, user, changes);
        } else if (type.equals(EventTypes.SHARE_ACCESSED)) {
            activity = shareAccess(event, time, user, changes);
        } else if (type.startsWith("share.")) {
            activity = share(event);
        } else if (type.startsWith("processing.")) {
            activity = processing(event, time, user, changes);
        } else if (type.equals(EventTypes.STORAGE_LIMIT_REACHED)) {
            StoragePayload s = EventCodec.data(event, StoragePayload.class);
            activity = activity.withDetails(
                    details().put("used", s.used()).put("quota", s.quota()).put("percentage_used", s.percentageUsed()));
        } else if (type.equals(EventTypes.EXTERNAL_UPLOADED) && event.data() instanceof ObjectNode data) {
            activity = activity.withDetails(data.deepCopy());
        } else if (type.equals(EventTypes.USER_REGISTERED) || type.equals(EventTypes.USER_LOGGED_IN)) {
            user(event, time, user, changes);
        }
        if (activity.name == null) {
            activity = activity.withName(nameIn(event.data()));
        }
        // A folder deleted for good is one entry in the log, not one more for each file it took along.
        boolean takenAlong = type.equals(EventTypes.FILE_DELETED)
                && event.data() != null
                && event.data().hasNonNull("deleted_with");
        if (user != null && event.subject() != null && !takenAlong) {
            changes.add(
                    ACTIVITY,
                    UUID.randomUUID(),
                    event.id(),
                    user,
                    type,
                    activity.type,
                    activity.id,
                    activity.name,
                    activity.lookupFile,
                    activity.lookupFolder,
                    time,
                    clip(event.clientip(), 100),
                    clip(event.useragent(), 512),
                    activity.details == null ? null : activity.details.toString());
        }
        if (user != null && time.isAfter(now.minus(maxDeliveryAge))) {
            // A webhook is an outside consumer: it gets the event as the public topics carry it.
            changes.add(DELIVERY, event.id(), type, EventCodec.write(event.forPublicTopic()), user, time);
        }
        return changes;
    }

    private Activity file(CloudEvent event, OffsetDateTime time, UUID user, Changes changes) {
        FilePayload f = EventCodec.data(event, FilePayload.class);
        UUID owner = f.ownerId() != null ? f.ownerId() : user;
        if (f.fileId() == null || owner == null) {
            throw new IllegalArgumentException(event.type() + " names no file or owner");
        }
        String state =
                switch (event.type()) {
                    case EventTypes.FILE_UPLOADED, EventTypes.FILE_REGISTERED, EventTypes.FILE_RESTORED -> LIVE;
                    case EventTypes.FILE_TRASHED -> TRASHED;
                    case EventTypes.FILE_DELETED -> DELETED;
                    default -> null;
                };
        changes.add(
                FILE,
                f.fileId(),
                owner,
                f.filename(),
                f.folderId(),
                f.fileSize(),
                f.mimeType(),
                f.category(),
                f.sha256(),
                f.starred(),
                time,
                state,
                state == null ? null : time);
        if (EventTypes.FILE_DOWNLOADED.equals(event.type())) {
            count(changes, f.fileId(), owner, time, 1, 0, 0);
            changes.add(OWNER_DAILY, owner, day(time), 1L, 0L, 0L, 0L);
        }
        if ((EventTypes.FILE_UPLOADED.equals(event.type()) || EventTypes.FILE_REPROCESS_REQUESTED.equals(event.type()))
                && f.sha256() != null) {
            // The worker takes every upload and reprocess request; the job waits until it starts.
            changes.add(
                    JOB,
                    jobId(f.fileId(), f.sha256()),
                    f.fileId(),
                    owner,
                    f.sha256(),
                    "queued",
                    time,
                    0,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    time,
                    null,
                    null);
        }
        return new Activity("file", event.subject(), f.filename(), null, null, null);
    }

    private Activity folder(CloudEvent event, OffsetDateTime time, UUID user, Changes changes) {
        FolderPayload f = EventCodec.data(event, FolderPayload.class);
        UUID owner = f.ownerId() != null ? f.ownerId() : user;
        if (f.folderId() == null || owner == null) {
            throw new IllegalArgumentException(event.type() + " names no folder or owner");
        }
        String state =
                switch (event.type()) {
                    case EventTypes.FOLDER_CREATED, EventTypes.FOLDER_RESTORED -> LIVE;
                    case EventTypes.FOLDER_TRASHED -> TRASHED;
                    case EventTypes.FOLDER_DELETED -> DELETED;
                    default -> null;
                };
        changes.add(
                FOLDER,
                f.folderId(),
                owner,
                f.name(),
                f.parentId(),
                f.path(),
                time,
                state,
                state == null ? null : time);
        ObjectNode details = null;
        if (f.folders() != null || f.files() != null) {
            details = details();
            details.put("folders", f.folders());
            details.put("files", f.files());
        }
        return new Activity("folder", event.subject(), f.name(), null, null, details);
    }

    private Activity shareAccess(CloudEvent event, OffsetDateTime time, UUID user, Changes changes) {
        ShareAccessPayload a = EventCodec.data(event, ShareAccessPayload.class);
        UUID owner = a.ownerId() != null ? a.ownerId() : user;
        if (owner == null) {
            throw new IllegalArgumentException("share.accessed names no owner");
        }
        boolean fileShare = "file".equals(a.resourceType());
        UUID file = a.fileId() != null ? a.fileId() : fileShare ? a.resourceId() : null;
        switch (a.kind() == null ? "" : a.kind()) {
            case "view" -> {
                if (fileShare && a.resourceId() != null) {
                    count(changes, a.resourceId(), owner, time, 0, 1, 0);
                }
                changes.add(OWNER_DAILY, owner, day(time), 0L, 1L, 0L, 0L);
            }
            case "download" -> {
                if (file != null) {
                    count(changes, file, owner, time, 0, 0, 1);
                }
                changes.add(OWNER_DAILY, owner, day(time), 0L, 0L, 1L, 0L);
            }
            case "upload" -> changes.add(OWNER_DAILY, owner, day(time), 0L, 0L, 0L, 1L);
            default -> {
                // An access of a kind this service does not know yet is still activity.
            }
        }
        ObjectNode details = details().put("kind", a.kind()).put("resource_type", a.resourceType());
        details.put(
                "resource_id", a.resourceId() == null ? null : a.resourceId().toString());
        details.put("file_id", a.fileId() == null ? null : a.fileId().toString());
        return new Activity(
                "share",
                event.subject(),
                null,
                fileShare ? a.resourceId() : null,
                fileShare ? null : a.resourceId(),
                details);
    }

    private Activity share(CloudEvent event) {
        SharePayload s = EventCodec.data(event, SharePayload.class);
        boolean fileShare = "file".equals(s.resourceType());
        ObjectNode details = details()
                .put("resource_type", s.resourceType())
                .put("is_public", s.isPublic())
                .put("permission_level", s.permissionLevel())
                .put("active", s.active());
        details.put(
                "resource_id", s.resourceId() == null ? null : s.resourceId().toString());
        return new Activity(
                "share",
                event.subject(),
                null,
                fileShare ? s.resourceId() : null,
                fileShare ? null : s.resourceId(),
                details);
    }

    private Activity processing(CloudEvent event, OffsetDateTime time, UUID user, Changes changes) {
        ProcessingPayload p = EventCodec.data(event, ProcessingPayload.class);
        UUID owner = p.ownerId() != null ? p.ownerId() : user;
        if (p.fileId() == null || owner == null) {
            throw new IllegalArgumentException(event.type() + " names no file or owner");
        }
        String status =
                switch (event.type()) {
                    case EventTypes.PROCESSING_STARTED -> "processing";
                    case EventTypes.PROCESSING_FAILED -> "failed";
                    default -> p.status() == null ? "completed" : p.status();
                };
        boolean started = EventTypes.PROCESSING_STARTED.equals(event.type());
        boolean finished = !started;
        changes.add(
                JOB,
                jobId(p.fileId(), p.sourceSha256()),
                p.fileId(),
                owner,
                p.sourceSha256(),
                status,
                time,
                started ? 1 : 0,
                clip(p.reason(), 1000),
                p.thumbnailSha256(),
                p.previewSha256(),
                p.width(),
                p.height(),
                p.takenAt() == null ? null : p.takenAt().atOffset(ZoneOffset.UTC),
                p.pageCount(),
                p.durationMs(),
                finished ? time : null,
                null,
                started ? time : null,
                finished ? time : null);
        ObjectNode details = details().put("status", status);
        if (p.reason() != null) {
            details.put("reason", clip(p.reason(), 200));
        }
        return new Activity("file", p.fileId().toString(), null, p.fileId(), null, details);
    }

    /**
     * The user's name and email as the event tells them. Unlike file events, a user event whose data does
     * not fit is still recorded as activity (as it always was): only the profile is left as it was.
     */
    private static void user(CloudEvent event, OffsetDateTime time, UUID user, Changes changes) {
        UserPayload u;
        try {
            u = event.data() == null ? null : EventCodec.data(event, UserPayload.class);
        } catch (IllegalArgumentException e) {
            return;
        }
        UUID id = u == null ? null : u.userId() != null ? u.userId() : user;
        if (id != null) {
            changes.add(USER, id, u.username(), u.email(), u.displayName(), u.avatarUrl(), time);
        }
    }

    private static void count(
            Changes changes,
            UUID file,
            UUID owner,
            OffsetDateTime time,
            long downloads,
            long views,
            long shareDownloads) {
        changes.add(FILE_COUNTERS, file, owner, downloads, views, shareDownloads, time);
        changes.add(FILE_DAILY, file, day(time), owner, downloads, views, shareDownloads);
    }

    /** One job per file content: uploads of the same content and reprocess requests run it again. */
    public static UUID jobId(UUID fileId, String sha256) {
        return UUID.nameUUIDFromBytes(
                ("processing|" + fileId + "|" + (sha256 == null ? "" : sha256)).getBytes(StandardCharsets.UTF_8));
    }

    /** "file.uploaded" is about a file; processing.* events are about the file they processed. */
    public static String resourceType(String type) {
        int dot = type.indexOf('.');
        String prefix = dot < 0 ? type : type.substring(0, dot);
        return prefix.equals("processing") ? "file" : prefix;
    }

    static LocalDate day(OffsetDateTime time) {
        return time.atZoneSameInstant(ZoneOffset.UTC).toLocalDate();
    }

    private static String nameIn(JsonNode data) {
        if (data == null) {
            return null;
        }
        for (String field : new String[] {"name", "filename", "username"}) {
            JsonNode value = data.get(field);
            if (value != null && value.isTextual()) {
                return value.asText();
            }
        }
        return null;
    }

    private static UUID uuidOrNull(String value) {
        if (value == null) {
            return null;
        }
        try {
            return UUID.fromString(value);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("userid is not a user id: " + clip(value, 40));
        }
    }

    private static String clip(String s, int max) {
        return s == null || s.length() <= max ? s : s.substring(0, max);
    }

    private static ObjectNode details() {
        return JsonNodeFactory.instance.objectNode();
    }

    /** What the activity entry says about the resource; names unknown here are looked up when written. */
    private record Activity(
            String type, String id, String name, UUID lookupFile, UUID lookupFolder, ObjectNode details) {
        Activity withName(String n) {
            return new Activity(type, id, n, lookupFile, lookupFolder, details);
        }

        Activity withDetails(ObjectNode d) {
            return new Activity(type, id, name, lookupFile, lookupFolder, d);
        }
    }
}
