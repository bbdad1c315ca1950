package dev.depot.files.service;

import static dev.depot.files.service.Awaiting.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.depot.blobstore.BlobStore;
import dev.depot.common.error.ApiException;
import dev.depot.files.Names;
import dev.depot.files.StoredFile;
import dev.depot.files.config.FilesConfig;
import dev.depot.files.storage.IncomingFile;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Resumable uploads, tus 1.0 core with creation and termination. An upload is a partial file in the
 * blob store's temporary directory with a small JSON description beside it; each PATCH appends at
 * the offset the client names. Once complete, the file goes through the same path as a multipart
 * upload. An upload left alone for the grace period is removed by {@link BlobCollector}.
 * Blocking: call from a worker thread.
 */
@ApplicationScoped
public class TusService {

    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();

    private final FilesConfig config;
    private final BlobStore blobs;
    private final FileService files;
    private final UploadService uploads;
    private final QuotaService quotas;
    private final Access access;
    private final BlobCollector collector;
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
            Clock clock) {
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
     * What the upload is for, kept beside its bytes; {@code ownerId} is the caller who opened it. A
     * description written before {@code conflict} existed has none: it meant {@link Conflict#FAIL}.
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

    public record State(Session session, long offset, Instant expires) {}

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
        try {
            Files.createFile(data(id));
            JSON.writeValue(info(id).toFile(), new Session(caller.id(), length, name, folderId, conflict));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return id;
    }

    /** The upload's state; another user's or an unknown or expired upload is 404. */
    public State state(Caller caller, UUID id) {
        try {
            Path info = info(id);
            if (!Files.exists(info)) {
                throw ApiException.notFound("upload " + id);
            }
            Session s = JSON.readValue(info.toFile(), Session.class);
            if (!caller.owns(s.ownerId())) {
                throw ApiException.notFound("upload " + id);
            }
            Instant expires = Files.getLastModifiedTime(data(id)).toInstant().plus(grace);
            return new State(s, Files.size(data(id)), expires);
        } catch (IOException e) {
            throw ApiException.notFound("upload " + id);
        }
    }

    /**
     * Appends the body at {@code offset}, which must be where the upload stands (409 otherwise).
     * Answers the new offset and, when the upload is complete, the stored file.
     */
    public Appended append(Caller caller, UUID id, long offset, InputStream body) {
        State state = state(caller, id);
        if (offset != state.offset()) {
            throw ApiException.conflict(
                    "Upload-Offset is " + offset + " but the upload stands at " + state.offset(), null);
        }
        long written = offset;
        touch(info(id));
        try (FileChannel ch = FileChannel.open(data(id), StandardOpenOption.WRITE)) {
            ch.position(offset);
            byte[] buffer = new byte[256 * 1024];
            for (int n; (n = body.read(buffer)) > 0; ) {
                if (written + n > state.session().length()) {
                    throw ApiException.tooLarge("more bytes than Upload-Length");
                }
                ch.write(ByteBuffer.wrap(buffer, 0, n));
                written += n;
            }
        } catch (IOException e) {
            // A cut-off PATCH keeps what arrived; the client asks HEAD for the offset and resumes.
            written = size(id);
        }
        if (written < state.session().length()) {
            return new Appended(written, null);
        }
        return new Appended(written, complete(caller, id, state.session()));
    }

    public record Appended(long offset, StoredFile file) {}

    public void terminate(Caller caller, UUID id) {
        state(caller, id);
        try {
            Files.deleteIfExists(info(id));
            Files.deleteIfExists(data(id));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private StoredFile complete(Caller caller, UUID id, Session s) {
        try {
            Path part = data(id);
            IncomingFile unstored = IncomingFile.inspect(part, s.filename());
            IncomingFile incoming = unstored.stored(blobs.put(part, unstored.sha256()));
            Files.deleteIfExists(info(id));
            // Access is checked again: a share may have been revoked while the bytes came in.
            return await(() -> Uni.createFrom()
                    .deferred(() -> access.driveFor(caller, s.folderId()).chain(owner -> recorded(s, owner, incoming)))
                    .onFailure()
                    .call(() -> collector.discardUnrecorded(incoming)));
        } catch (ApiException e) {
            throw e;
        } catch (Throwable e) {
            throw new IllegalStateException("completing upload " + id + " failed", e);
        }
    }

    /** Records the complete upload in {@code ownerId}'s drive as its session asked for a taken name. */
    private Uni<StoredFile> recorded(Session s, UUID ownerId, IncomingFile incoming) {
        return switch (s.conflict()) {
            case FAIL -> files.storeUploaded(ownerId, s.folderId(), s.filename(), incoming);
            case REPLACE -> uploads.storeOverwriting(ownerId, s.folderId(), s.filename(), incoming);
            case RENAME -> files.storeKeepingBoth(ownerId, s.folderId(), s.filename(), incoming);
        };
    }

    /** Activity keeps an upload from expiring: the collector goes by modification time. */
    private void touch(Path p) {
        try {
            Files.setLastModifiedTime(p, java.nio.file.attribute.FileTime.from(clock.instant()));
        } catch (IOException ignored) {
            // the next state() call will tell
        }
    }

    private long size(UUID id) {
        try {
            return Files.size(data(id));
        } catch (IOException e) {
            return 0;
        }
    }

    /**
     * Whether {@code file} belongs to a resumable upload that may still be resumed: its bytes and its
     * description are both there and it has not expired. Any other tus file is a leftover.
     */
    public boolean isLiveUploadFile(Path file) {
        Matcher m = TUS_FILE.matcher(file.getFileName().toString());
        if (!m.matches() || !file.getParent().equals(blobs.temporaryDirectory())) {
            return false;
        }
        UUID id = UUID.fromString(m.group(1));
        try {
            return Files.exists(info(id))
                    && Files.getLastModifiedTime(data(id))
                            .toInstant()
                            .plus(grace)
                            .isAfter(clock.instant());
        } catch (IOException e) {
            return false;
        }
    }

    public static boolean isUploadFile(Path file) {
        return TUS_FILE.matcher(file.getFileName().toString()).matches();
    }

    private static final Pattern TUS_FILE = Pattern.compile("tus-([0-9a-f-]{36})\\.(part|json)");

    private Path data(UUID id) {
        return blobs.temporaryDirectory().resolve("tus-" + id + ".part");
    }

    private Path info(UUID id) {
        return blobs.temporaryDirectory().resolve("tus-" + id + ".json");
    }
}
