package dev.depot.events.contract;

import dev.depot.events.EventTypes;
import dev.depot.events.Topics;
import dev.depot.events.payload.ExternalUploadPayload;
import dev.depot.events.payload.FilePayload;
import dev.depot.events.payload.FolderPayload;
import dev.depot.events.payload.ProcessingPayload;
import dev.depot.events.payload.ShareAccessPayload;
import dev.depot.events.payload.SharePayload;
import dev.depot.events.payload.StoragePayload;
import dev.depot.events.payload.UserPayload;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The event contract: every event type Depot publishes, on which topic, with which data and in which version.
 * The AsyncAPI document ({@link AsyncApiDocument}), the data schemas and each event's {@code dataschema}
 * attribute are all derived from here, so this is the one place to change when an event changes.
 *
 * <p>Versioning: adding an optional field to a payload keeps its version. Removing, renaming or retyping a
 * field, or making an optional one required, is a new version: a new payload record and a new entry with
 * {@code version + 1}, published beside the old one's entry (which stays, so the released contract still
 * holds for consumers that have not moved yet). {@link Compatibility} holds the catalog to that against the
 * released document.
 */
public final class EventCatalog {

    /** {@code dataschema} is {@code urn:depot:event:<type>:v<version>}. */
    public static final String DATASCHEMA_PREFIX = "urn:depot:event:";

    /**
     * One version of one event type.
     *
     * @param topic   the public topic it is published on (the whole event also goes to {@link Topics#internalOf})
     * @param key     what the Kafka key (and the event's {@code subject}) is the id of
     * @param example data a producer could write, used in the document and tested to round-trip
     */
    public record Entry(
            String type,
            int version,
            String topic,
            Class<? extends Record> payload,
            Key key,
            String description,
            Record example) {

        public Entry {
            if (!payload.isInstance(example)) {
                throw new IllegalArgumentException(type + ": the example is not a " + payload.getSimpleName());
            }
        }

        public String dataschema() {
            return DATASCHEMA_PREFIX + type + ":v" + version;
        }
    }

    /**
     * A public domain topic.
     *
     * @param source the CloudEvents {@code source} its producer writes
     */
    public record Topic(String name, String producer, String source, String description) {

        /** The internal twin carrying every event whole, or null when the topic carries no personal data. */
        public String internal() {
            return Topics.internalOf(name);
        }
    }

    // The examples' ids: the same resources throughout, so the document's examples read as one story.
    static final UUID USER = Key.USER.example();
    static final UUID FILE = Key.FILE.example();
    static final UUID FOLDER = Key.FOLDER.example();
    static final UUID SHARE = Key.SHARE.example();
    static final UUID OTHER_USER = UUID.fromString("e1f2a3b4-c5d6-4e7f-8a9b-0c1d2e3f4a5b");
    static final UUID PARENT = UUID.fromString("9c8b7a6d-5e4f-4a3b-9c2d-1e0f9a8b7c6d");
    private static final String SHA = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
    private static final String THUMB = "2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae";
    private static final String PREVIEW = "fcde2b2edba56bf408601fb721fe9b5c338d10ee429ea04fae5511b68fbf8fb9";

    /** What an event is keyed by: the resource it is about, so one resource's events stay in order. */
    public enum Key {
        USER("the user's id", "7d2f6c1e-3b8a-4c5d-9e0f-1a2b3c4d5e6f"),
        FILE("the file's id", "0b9e4c3a-5d6f-4e7a-8b9c-0d1e2f3a4b5c"),
        FOLDER("the folder's id", "5a6b7c8d-9e0f-4a1b-8c2d-3e4f5a6b7c8d"),
        SHARE("the share's id", "c4d5e6f7-a8b9-4c0d-8e1f-2a3b4c5d6e7f"),
        OWNER("the id of the user whose storage it is", "7d2f6c1e-3b8a-4c5d-9e0f-1a2b3c4d5e6f");

        private final String description;
        private final UUID example;

        Key(String description, String example) {
            this.description = description;
            this.example = UUID.fromString(example);
        }

        public String description() {
            return description;
        }

        /** The subject of the document's examples. */
        public UUID example() {
            return example;
        }
    }

    private static final List<Topic> TOPICS = List.of(
            new Topic(Topics.AUTH, "auth-service", "depot/auth-service", "Accounts: registrations and sign-ins."),
            new Topic(
                    Topics.FILES,
                    "files-service",
                    "depot/files-service",
                    "Files and folders: every change to them, downloads, storage warnings and external uploads."),
            new Topic(
                    Topics.SHARES,
                    "sharing-service",
                    "depot/sharing-service",
                    "Shares and links: their changes and every use of a link."),
            new Topic(
                    Topics.PROCESSING,
                    "processing-worker",
                    "depot/processing-worker",
                    "Thumbnails, previews and metadata made for uploaded files."));

    private static final List<Entry> ENTRIES = List.of(
            user(
                    EventTypes.USER_REGISTERED,
                    "A user registered (with a password or an external identity provider).",
                    "password"),
            user(EventTypes.USER_LOGGED_IN, "A user signed in.", "github"),
            folder(EventTypes.FOLDER_CREATED, "A folder was created.", null),
            folder(EventTypes.FOLDER_RENAMED, "A folder was renamed; the data is the folder as it now is.", null),
            folder(EventTypes.FOLDER_MOVED, "A folder was moved under another parent.", null),
            folder(EventTypes.FOLDER_TRASHED, "A folder went to the trash with everything in it (counted).", 3),
            folder(EventTypes.FOLDER_RESTORED, "A folder came back from the trash with everything in it (counted).", 3),
            folder(EventTypes.FOLDER_DELETED, "A folder was deleted for good with everything in it (counted).", 3),
            file(
                    EventTypes.FILE_UPLOADED,
                    "A file's bytes were uploaded (a new file, or new content for one).",
                    false,
                    null),
            file(
                    EventTypes.FILE_REGISTERED,
                    "A file hosted elsewhere was registered by its URL and declared hash.",
                    false,
                    "https://cdn.example.com/holiday.jpg"),
            file(EventTypes.FILE_UPDATED, "A file was renamed.", false, null),
            file(EventTypes.FILE_MOVED, "A file was moved to another folder.", false, null),
            file(EventTypes.FILE_STARRED, "A file was starred or unstarred (see starred).", true, null),
            file(EventTypes.FILE_TRASHED, "A file went to the trash.", false, null),
            file(EventTypes.FILE_RESTORED, "A file came back from the trash.", false, null),
            file(
                    EventTypes.FILE_DELETED,
                    "A file was deleted for good: by itself, or with a folder (deleted_with names the folder).",
                    false,
                    null),
            file(
                    EventTypes.FILE_DOWNLOADED,
                    "Its owner downloaded a file (downloads through a link are share.accessed).",
                    false,
                    null),
            file(
                    EventTypes.FILE_REPROCESS_REQUESTED,
                    "The owner asked for thumbnails and previews to be made again.",
                    false,
                    null),
            new Entry(
                    EventTypes.STORAGE_LIMIT_REACHED,
                    1,
                    Topics.FILES,
                    StoragePayload.class,
                    Key.OWNER,
                    "A user's storage use crossed the warning threshold (90% of the quota).",
                    new StoragePayload(USER, 4_831_838_208L, 5_368_709_120L, 90)),
            new Entry(
                    EventTypes.EXTERNAL_UPLOADED,
                    1,
                    Topics.FILES,
                    ExternalUploadPayload.class,
                    Key.OWNER,
                    "A file was passed through to the external upload host, with the host's answer.",
                    new ExternalUploadPayload("notes.txt", 1_024L, 200, 1)),
            share(EventTypes.SHARE_CREATED, "A share or link was created; the data is the share as it now is.", true),
            share(EventTypes.SHARE_UPDATED, "A share's permission, expiry or download setting changed.", true),
            share(EventTypes.SHARE_REVOKED, "A share or link was revoked (active is false).", false),
            new Entry(
                    EventTypes.SHARE_ACCESSED,
                    1,
                    Topics.SHARES,
                    ShareAccessPayload.class,
                    Key.SHARE,
                    "Someone used a link: viewed it, downloaded from it or dropped a file into it.",
                    new ShareAccessPayload(SHARE, USER, "folder", FOLDER, "download", FILE, OTHER_USER)),
            new Entry(
                    EventTypes.PROCESSING_STARTED,
                    1,
                    Topics.PROCESSING,
                    ProcessingPayload.class,
                    Key.FILE,
                    "The worker started on a file's content.",
                    ProcessingPayload.of(FILE, USER, SHA, "processing", null)),
            new Entry(
                    EventTypes.PROCESSING_COMPLETED,
                    1,
                    Topics.PROCESSING,
                    ProcessingPayload.class,
                    Key.FILE,
                    "The worker finished a file's content: completed, or skipped (a type nothing is made for).",
                    new ProcessingPayload(
                            FILE,
                            USER,
                            SHA,
                            "completed",
                            THUMB,
                            PREVIEW,
                            4032,
                            3024,
                            Instant.parse("2026-07-14T09:30:00Z"),
                            null,
                            null,
                            null,
                            1_840L)),
            new Entry(
                    EventTypes.PROCESSING_FAILED,
                    1,
                    Topics.PROCESSING,
                    ProcessingPayload.class,
                    Key.FILE,
                    "The worker could not process a file's content.",
                    ProcessingPayload.of(FILE, USER, SHA, "failed", "not a valid JPEG")));

    private EventCatalog() {}

    public static List<Topic> topics() {
        return TOPICS;
    }

    /** Every version of every type, in the order the document lists them. */
    public static List<Entry> entries() {
        return ENTRIES;
    }

    public static List<Entry> onTopic(String topic) {
        return ENTRIES.stream().filter(e -> e.topic().equals(topic)).toList();
    }

    /** The version producers write now: the highest one. */
    public static Optional<Entry> current(String type) {
        return ENTRIES.stream().filter(e -> e.type().equals(type)).max(Comparator.comparingInt(Entry::version));
    }

    /** The {@code dataschema} of the type's current version, or null for a type the catalog does not know. */
    public static String dataschemaOf(String type) {
        return type == null ? null : current(type).map(Entry::dataschema).orElse(null);
    }

    private static Entry user(String type, String description, String method) {
        return new Entry(
                type,
                1,
                Topics.AUTH,
                UserPayload.class,
                Key.USER,
                description,
                new UserPayload(
                        USER,
                        "ada",
                        "ada@example.com",
                        method,
                        5_368_709_120L,
                        "Ada Lovelace",
                        "https://avatars.example.com/ada.png"));
    }

    private static Entry folder(String type, String description, Integer counted) {
        return new Entry(
                type,
                1,
                Topics.FILES,
                FolderPayload.class,
                Key.FOLDER,
                description,
                new FolderPayload(
                        FOLDER,
                        USER,
                        "Holidays",
                        PARENT,
                        "/Photos/Holidays",
                        counted,
                        counted == null ? null : counted * 4));
    }

    private static Entry file(String type, String description, boolean starred, String cdnUrl) {
        return new Entry(
                type,
                1,
                Topics.FILES,
                FilePayload.class,
                Key.FILE,
                description,
                new FilePayload(
                        FILE, USER, "holiday.jpg", FOLDER, 2_481_152L, "image/jpeg", "images", SHA, starred, cdnUrl));
    }

    private static Entry share(String type, String description, boolean active) {
        return new Entry(
                type,
                1,
                Topics.SHARES,
                SharePayload.class,
                Key.SHARE,
                description,
                new SharePayload(
                        SHARE,
                        USER,
                        "file",
                        FILE,
                        OTHER_USER,
                        "view",
                        false,
                        Instant.parse("2026-12-31T23:59:59Z"),
                        true,
                        active));
    }
}
