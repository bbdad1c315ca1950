package dev.depot.files.service;

import static dev.depot.files.service.Awaiting.await;

import dev.depot.blobstore.BlobStore;
import dev.depot.common.error.ApiException;
import dev.depot.files.Names;
import dev.depot.files.StoredFile;
import dev.depot.files.TusUpload;
import dev.depot.files.config.FilesConfig;
import dev.depot.files.repository.TusUploadRepository;
import dev.depot.files.storage.IncomingFile;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Resumable uploads, tus 1.0 core with creation and termination, on any replica: the state is a row in
 * PostgreSQL ({@link TusUploadRepository}), the bytes are parts in the blob store, one per PATCH. A PATCH
 * spools its body to a local temporary file (what arrived is kept when the request is cut off), stores it
 * as a part, then moves the offset by a conditional UPDATE from where it started: of two PATCHes racing
 * at one offset, on whatever replicas, one wins and the other's part is deleted (409). The request whose
 * update reaches the length reads the parts back into one local file and stores it as a multipart upload
 * would be; the row goes in the transaction that records the file, so it is recorded once, and a replica
 * dying on the way leaves row and parts for the client's retry (a PATCH at the length, or a HEAD once the
 * completion has stalled) to finish. Uploads idle for the grace period are removed by {@link
 * BlobCollector}. Blocking: call from a worker thread.
 */
@ApplicationScoped
public class TusService {

    private static final Logger LOG = Logger.getLogger(TusService.class);

    private final FilesConfig config;
    private final BlobStore blobs;
    private final FileService files;
    private final UploadService uploads;
    private final QuotaService quotas;
    private final Access access;
    private final BlobCollector collector;
    private final TusUploadRepository rows;
    private final Duration grace;
    private final Clock clock;

    public TusService(
            FilesConfig config,
            BlobStore blobs,
            FileService files,
            UploadService uploads,
            QuotaService quotas,
            Access access,
            BlobCollector collector,
            TusUploadRepository rows,
            Clock clock) {
        this.rows = rows;
        this.uploads = uploads;
        this.quotas = quotas;
        this.collector = collector;
        this.config = config;
        this.access = access;
        this.blobs = blobs;
        this.files = files;
        this.grace = config.blobGracePeriod();
        this.clock = clock;
    }

    /**
     * What the upload is for, as its row says; {@code ownerId} is the caller who opened it. An upload
     * opened before {@code conflict} existed has none: it meant {@link Conflict#FAIL}.
     */
    public record Session(UUID ownerId, long length, String filename, UUID folderId, Conflict conflict) {
        public Session {
            conflict = conflict == null ? Conflict.FAIL : conflict;
        }
    }

    /** What to do when the name is taken in the folder: the {@code conflict} of Upload-Metadata. */
    public enum Conflict {
        /** 409: at creation when the name is already taken, and again at completion. */
        FAIL,
        /** The bytes become the existing file's new content, the old kept as a version. */
        REPLACE,
        /** Both are kept: the new file gets a number ("report (2).pdf"), even for the same content. */
        RENAME;

        /** The metadata value (fail when absent); anything else is 400 naming {@code conflict}. */
        public static Conflict of(String value) {
            if (value == null) {
                return FAIL;
            }
            return switch (value) {
                case "fail" -> FAIL;
                case "replace" -> REPLACE;
                case "rename" -> RENAME;
                default ->
                    throw ApiException.validation(
                            "conflict in Upload-Metadata must be fail, replace or rename",
                            java.util.Map.of("conflict", "must be one of fail, replace, rename"));
            };
        }
    }

    /**
     * Where the upload stands; {@code updatedAt} is its last activity (it expires a grace period later),
     * {@code fileId} the file it became once complete (null before).
     */
    public record State(Session session, long offset, Instant expires, Instant updatedAt, UUID fileId) {}

    /**
     * Checks all that can be known before the bytes come, so that a client learns of a taken name (409,
     * with {@link Conflict#FAIL}) or a full quota (413) before sending them, then opens the upload.
     */
    public UUID create(Caller caller, long length, String filename, UUID folderId, Conflict conflict) {
        if (length < 0) {
            throw ApiException.validation("Upload-Length must be 0 or more");
        }
        if (length > config.maxUploadSize()) {
            throw ApiException.tooLarge("file too large: the limit is " + config.maxUploadSize() + " bytes");
        }
        // Checked now: once the bytes have come, a name refused at the last PATCH would lose them.
        String name = filename == null ? "upload" : Names.checkClientName("filename", filename);
        // Refused now rather than after the bytes came: another user's folder needs edit access. The file
        // will be the folder owner's, so its name is looked for, and its size counted, in the owner's drive.
        await(() -> access.driveFor(caller, folderId)
                .call(owner -> conflict == Conflict.FAIL
                        ? files.checkNameFree(owner, folderId, name)
                        : Uni.createFrom().voidItem())
                .call(owner -> quotas.checkRoom(owner, length)));
        UUID id = UUID.randomUUID();
        Instant now = clock.instant();
        TusUpload row = new TusUpload(
                id, caller.id(), folderId, name, length, conflict.name().toLowerCase(Locale.ROOT), 0, now, now, null);
        await(() -> Panache.withTransaction(() -> rows.insert(row)));
        return id;
    }

    /** The upload's state; another user's or an unknown or expired upload is 404. */
    public State state(Caller caller, UUID id) {
        TusUpload row = await(() -> Panache.withSession(() -> rows.find(id)));
        if (row == null || !caller.owns(row.ownerId())) {
            throw ApiException.notFound("upload " + id);
        }
        Session s =
                new Session(row.ownerId(), row.length(), row.filename(), row.folderId(), Conflict.of(row.conflict()));
        return new State(s, row.offset(), row.updatedAt().plus(grace), row.updatedAt(), row.fileId());
    }

    /**
     * The state for HEAD. An upload whose bytes have all come but whose completion stalled (the replica
     * doing it died) is completed now: a tus client that sees the whole length acknowledged sends no
     * further PATCH, so this is its only retry. Completing twice records the file once (see {@link
     * #complete}).
     */
    public State head(Caller caller, UUID id) {
        State state = state(caller, id);
        if (state.fileId() == null
                && state.offset() == state.session().length()
                && state.updatedAt().isBefore(clock.instant().minus(STALLED_COMPLETION))) {
            try {
                UUID fileId = complete(caller, id, state.session());
                return new State(state.session(), state.offset(), state.expires(), state.updatedAt(), fileId);
            } catch (RuntimeException e) {
                LOG.warnf("completing the stalled upload %s failed: %s", id, e.toString());
            }
        }
        return state;
    }

    /** How long a complete upload's row may sit before HEAD takes its completion as stalled. */
    static final Duration STALLED_COMPLETION = Duration.ofSeconds(30);

    /**
     * Appends the body at {@code offset}, which must be where the upload stands (409 otherwise, also
     * when another request appended there first). Answers the new offset and, when the upload is
     * complete, the stored file. At the full length with an empty body, finishes a completion a failed
     * request left undone.
     */
    public Appended append(Caller caller, UUID id, long offset, InputStream body) {
        State state = state(caller, id);
        long length = state.session().length();
        if (offset != state.offset()) {
            throw ApiException.conflict(
                    "Upload-Offset is " + offset + " but the upload stands at " + state.offset(), null);
        }
        if (offset == length) {
            // A retry of the last PATCH: answered with the file, made now if the first attempt did not.
            return new Appended(
                    length, state.fileId() != null ? state.fileId() : complete(caller, id, state.session()));
        }
        Path chunk = spooled(body, length - offset);
        long received;
        try {
            received = Files.size(chunk);
        } catch (IOException e) {
            deleteQuietly(chunk);
            throw new UncheckedIOException(e);
        }
        if (received == 0) {
            deleteQuietly(chunk);
            return new Appended(offset, null);
        }
        String part;
        try {
            part = blobs.putPart(id.toString(), offset, chunk);
        } catch (IOException e) {
            deleteQuietly(chunk);
            throw new UncheckedIOException("could not store a part of upload " + id, e);
        }
        long reached = offset + received;
        boolean won;
        try {
            won = await(() -> Panache.withTransaction(() -> rows.advance(id, offset, reached, part, clock.instant())));
        } catch (RuntimeException e) {
            deletePartQuietly(id, part);
            throw e;
        }
        if (!won) {
            // Another request appended at this offset first (or the upload is gone): its bytes count.
            deletePartQuietly(id, part);
            throw ApiException.conflict("the upload moved past offset " + offset + " meanwhile", null);
        }
        if (reached < length) {
            return new Appended(reached, null);
        }
        return new Appended(reached, complete(caller, id, state.session()));
    }

    /** The offset an append reached and, once the upload is complete, the file it became. */
    public record Appended(long offset, UUID fileId) {}

    public void terminate(Caller caller, UUID id) {
        state(caller, id);
        await(() -> Panache.withTransaction(() -> rows.delete(id)));
        deleteParts(id);
    }

    /**
     * The body into a new temporary file, at most {@code room} bytes (413 beyond, keeping nothing); a
     * body cut off midway keeps what arrived, for the client to resume from.
     */
    private Path spooled(InputStream body, long room) {
        Path chunk;
        try {
            chunk = blobs.temporaryFile();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long written = 0;
        try (OutputStream out = Files.newOutputStream(chunk)) {
            byte[] buffer = new byte[256 * 1024];
            try {
                for (int n; (n = body.read(buffer)) > 0; ) {
                    if (written + n > room) {
                        throw ApiException.tooLarge("more bytes than Upload-Length");
                    }
                    out.write(buffer, 0, n);
                    written += n;
                }
            } catch (IOException cutOff) {
                // A cut-off PATCH keeps what arrived; the client asks HEAD for the offset and resumes.
            }
        } catch (IOException | RuntimeException e) {
            deleteQuietly(chunk);
            throw e instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) e;
        }
        return chunk;
    }

    /**
     * Reads the parts back into one local file (one sequential read), then stores and records it as a
     * multipart upload is, claiming the row in the same transaction: a second request completing the same
     * upload waits for that row, finds it claimed, and answers the file the first recorded. The row stays
     * with the file's id (see V12) until the collector's grace period. A failure that a retry could get past
     * (a dead database, an unreachable bucket) keeps row and parts; one that it could not (the name taken,
     * access revoked, the quota full) ends the upload, as before.
     */
    private UUID complete(Caller caller, UUID id, Session s) {
        Path assembled = null;
        try {
            List<String> parts = await(() -> Panache.withSession(() -> rows.parts(id)));
            assembled = blobs.temporaryFile();
            try (InputStream in = blobs.openParts(id.toString(), parts);
                    OutputStream out = Files.newOutputStream(assembled)) {
                in.transferTo(out);
            }
            if (Files.size(assembled) != s.length()) {
                throw new IllegalStateException(
                        "the parts of upload " + id + " hold " + Files.size(assembled) + " bytes, not " + s.length());
            }
            IncomingFile unstored = IncomingFile.inspect(assembled, s.filename());
            IncomingFile incoming = unstored.stored(blobs.put(assembled, unstored.sha256()));
            UUID fileId;
            try {
                // Access is checked again: a share may have been revoked while the bytes came in.
                fileId = await(() -> Uni.createFrom()
                        .deferred(() -> access.driveFor(caller, s.folderId())
                                .chain(owner -> Panache.withTransaction(() -> rows.claimCompletion(id, clock.instant())
                                        .chain(mine -> mine
                                                ? recorded(s, owner, incoming)
                                                        .call(file -> rows.completed(id, file.id))
                                                        .map(file -> file.id)
                                                : completedBefore(id)))))
                        .onFailure()
                        .call(() -> collector.discardUnrecorded(incoming)));
            } catch (ApiException e) {
                // Refused for good: the upload cannot end otherwise, so it goes (its row may be gone already).
                await(() -> Panache.withTransaction(() -> rows.delete(id)));
                deleteParts(id);
                throw e;
            }
            deleteParts(id);
            return fileId;
        } catch (ApiException e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("completing upload " + id + " failed (a retry may finish it)", e);
        } finally {
            if (assembled != null) {
                deleteQuietly(assembled);
            }
        }
    }

    /**
     * The file another request completed the upload as. The bytes this request stored are the same blob
     * (blobs are named by their SHA-256), which that file holds: nothing is left over.
     */
    private Uni<UUID> completedBefore(UUID id) {
        return rows.find(id)
                .chain(row -> row != null && row.fileId() != null
                        ? Uni.createFrom().item(row.fileId())
                        : Uni.createFrom().failure(ApiException.notFound("upload " + id)));
    }

    /** Records the complete upload in {@code ownerId}'s drive as its session asked for a taken name. */
    private Uni<StoredFile> recorded(Session s, UUID ownerId, IncomingFile incoming) {
        return switch (s.conflict()) {
            case FAIL -> files.storeUploaded(ownerId, s.folderId(), s.filename(), incoming);
            case REPLACE -> uploads.storeOverwriting(ownerId, s.folderId(), s.filename(), incoming);
            case RENAME -> files.storeKeepingBoth(ownerId, s.folderId(), s.filename(), incoming);
        };
    }

    /** The upload's parts, once its row is gone; what fails here is left to the collector. */
    private void deleteParts(UUID id) {
        try {
            blobs.deleteParts(id.toString());
        } catch (IOException | RuntimeException e) {
            LOG.warnf("could not delete the parts of upload %s (the collector will): %s", id, e.toString());
        }
    }

    private void deletePartQuietly(UUID id, String part) {
        try {
            blobs.deletePart(id.toString(), part);
        } catch (IOException | RuntimeException e) {
            LOG.warnf("could not delete part %s of upload %s (the collector will): %s", part, id, e.toString());
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // a temporary file: the collector removes it after the grace period
        }
    }
}
