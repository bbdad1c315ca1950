package example.usage;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Storage used per user, derived from depot.files alone, counted as Depot counts it against the quota:
 * every file until it is deleted for good (the trash included), registered files at their declared size,
 * each file in full even when its bytes are shared with another, and the earlier contents a file keeps as
 * versions (the newest {@code versionsKept} of them).
 *
 * <p>Applying an event is idempotent: an event id seen before changes nothing, new content equal to the
 * current content changes nothing, and a file deleted for good never comes back. State is keyed by file id,
 * so reading the topic again from its beginning arrives at the same figures.
 *
 * <p>One consumer thread writes while HTTP requests read, so every public method is synchronized: the
 * work under the lock is a few map operations.
 */
public final class UsageLedger {

    /** What became of one record. */
    public enum Outcome {
        /** Understood; the figures reflect it (possibly unchanged, e.g. a rename). */
        APPLIED,
        /** An event id already applied: a redelivery. */
        DUPLICATE,
        /** A well-formed event this consumer has no use for (another type, or a payload version it does not know). */
        IGNORED,
        /** Not a CloudEvent, or a file event without the fields every file event has. */
        MALFORMED
    }

    /** One user's figures. */
    public record Usage(String userId, long bytes, long files) {}

    /** Counters since start, for whoever wants to see that redeliveries and bad records were met. */
    public record Stats(long applied, long duplicates, long ignored, long malformed) {}

    /** Events that carry the file as it is now but leave its content alone. */
    private static final Set<String> SNAPSHOTS = Set.of(
            "file.updated",
            "file.moved",
            "file.starred",
            "file.trashed",
            "file.restored",
            "file.downloaded",
            "file.reprocess_requested");

    /** The only payload version this consumer was written against. */
    private static final String KNOWN_SCHEMA_VERSION = ":v1";

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private final int versionsKept;
    private final Set<String> seenEventIds = new HashSet<>();
    private final Map<String, Tracked> files = new HashMap<>();
    private final Set<String> deletedFiles = new HashSet<>();
    private long applied;
    private long duplicates;
    private long ignored;
    private long malformed;

    private static final class Tracked {
        final String ownerId;
        long size;
        String sha256;
        /** Sizes of earlier contents, oldest first. */
        final Deque<Long> versions = new ArrayDeque<>();

        Tracked(String ownerId, long size, String sha256) {
            this.ownerId = ownerId;
            this.size = size;
            this.sha256 = sha256;
        }

        long bytes() {
            long sum = size;
            for (long v : versions) {
                sum += v;
            }
            return sum;
        }
    }

    /** @param versionsKept how many earlier contents Depot keeps per file (its depot.files.versions-kept) */
    public UsageLedger(int versionsKept) {
        if (versionsKept < 0) {
            throw new IllegalArgumentException("versionsKept must not be negative");
        }
        this.versionsKept = versionsKept;
    }

    /** Applies one record's value as read from depot.files. */
    public synchronized Outcome apply(String json) {
        Outcome outcome = decide(json);
        switch (outcome) {
            case APPLIED -> applied++;
            case DUPLICATE -> duplicates++;
            case IGNORED -> ignored++;
            case MALFORMED -> malformed++;
        }
        return outcome;
    }

    private Outcome decide(String json) {
        Envelope event;
        try {
            event = json == null ? null : MAPPER.readValue(json, Envelope.class);
        } catch (JsonProcessingException e) {
            return Outcome.MALFORMED;
        }
        if (event == null || blank(event.id()) || blank(event.type())) {
            return Outcome.MALFORMED;
        }
        if (seenEventIds.contains(event.id())) {
            return Outcome.DUPLICATE;
        }
        // A later major version may change what the fields mean: better no figure than a wrong one.
        if (event.dataschema() != null && !event.dataschema().endsWith(KNOWN_SCHEMA_VERSION)) {
            seenEventIds.add(event.id());
            return Outcome.IGNORED;
        }
        Outcome outcome;
        try {
            outcome = switch (event.type()) {
                case "file.uploaded", "file.registered" ->
                    content(file(event), event.type().equals("file.uploaded"));
                // A folder deleted for good publishes a file.deleted for each file it took along: folder.* needs
                // nothing.
                case "file.deleted" -> deleted(file(event));
                default -> SNAPSHOTS.contains(event.type()) ? snapshot(file(event)) : Outcome.IGNORED;
            };
        } catch (JsonProcessingException | IllegalArgumentException e) {
            return Outcome.MALFORMED;
        }
        if (outcome != Outcome.MALFORMED) {
            seenEventIds.add(event.id());
        }
        return outcome;
    }

    private static FileData file(Envelope event) throws JsonProcessingException {
        FileData f = event.data() == null ? null : MAPPER.treeToValue(event.data(), FileData.class);
        if (f == null || blank(f.fileId()) || blank(f.ownerId()) || f.fileSize() == null || f.fileSize() < 0) {
            throw new IllegalArgumentException("not a file payload");
        }
        return f;
    }

    /** A new file, or new content for one already known (the old content becomes a version). */
    private Outcome content(FileData f, boolean mayReplace) {
        if (deletedFiles.contains(f.fileId())) {
            return Outcome.APPLIED;
        }
        Tracked known = files.get(f.fileId());
        if (known == null) {
            files.put(f.fileId(), new Tracked(f.ownerId(), f.fileSize(), f.sha256()));
            return Outcome.APPLIED;
        }
        // Depot refuses new content equal to the current one, so the same hash again is this content told twice.
        boolean sameContent = f.sha256() != null
                ? f.sha256().equals(known.sha256)
                : known.sha256 == null && f.fileSize() == known.size;
        if (mayReplace && !sameContent) {
            known.versions.addLast(known.size);
            while (known.versions.size() > versionsKept) {
                known.versions.removeFirst();
            }
            known.size = f.fileSize();
            known.sha256 = f.sha256();
        }
        return Outcome.APPLIED;
    }

    /** Leaves known files alone; a file first met here (history older than the topic keeps) is taken as it is now. */
    private Outcome snapshot(FileData f) {
        if (!deletedFiles.contains(f.fileId())) {
            files.putIfAbsent(f.fileId(), new Tracked(f.ownerId(), f.fileSize(), f.sha256()));
        }
        return Outcome.APPLIED;
    }

    private Outcome deleted(FileData f) {
        files.remove(f.fileId());
        deletedFiles.add(f.fileId());
        return Outcome.APPLIED;
    }

    public synchronized Usage usage(String userId) {
        long bytes = 0;
        long count = 0;
        for (Tracked t : files.values()) {
            if (t.ownerId.equals(userId)) {
                bytes += t.bytes();
                count++;
            }
        }
        return new Usage(userId, bytes, count);
    }

    /** Every user with a file on record, by user id. */
    public synchronized List<Usage> all() {
        Map<String, long[]> sums = new TreeMap<>();
        for (Tracked t : files.values()) {
            long[] s = sums.computeIfAbsent(t.ownerId, k -> new long[2]);
            s[0] += t.bytes();
            s[1]++;
        }
        List<Usage> out = new ArrayList<>();
        sums.forEach((owner, s) -> out.add(new Usage(owner, s[0], s[1])));
        return out;
    }

    public synchronized Stats stats() {
        return new Stats(applied, duplicates, ignored, malformed);
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }
}
