package dev.depot.files;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;

/** An earlier content of a file. It counts against the quota until it is dropped. */
@Entity
@Table(name = "file_version")
public class FileVersion {

    @Id
    public UUID id;

    @Column(name = "file_id", nullable = false)
    public UUID fileId;

    @Column(name = "owner_id", nullable = false)
    public UUID ownerId;

    @Column(nullable = false)
    public int version;

    @Column(name = "storage_path")
    public String storagePath;

    public String sha256;

    public String md5;

    @Column(name = "file_size", nullable = false)
    public long fileSize;

    @Column(name = "mime_type", nullable = false)
    public String mimeType;

    /** When this content was written (as the file's content, before it was replaced). */
    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt;
}
