package dev.depot.files;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;

/** A file's metadata (the seed's File model); its bytes live in the blob store. */
@Entity
@Table(name = "stored_file")
public class StoredFile {

    @Id
    public UUID id;

    @Column(name = "owner_id", nullable = false)
    public UUID ownerId;

    @Column(name = "folder_id", nullable = false)
    public UUID folderId;

    @Column(nullable = false)
    public String filename;

    @Column(name = "original_filename", nullable = false)
    public String originalFilename;

    @Column(name = "file_size", nullable = false)
    public long fileSize;

    @Column(name = "mime_type", nullable = false)
    public String mimeType;

    @Column(name = "file_extension", nullable = false)
    public String fileExtension;

    public String sha256;

    public String md5;

    /** The blob holding the bytes (its SHA-256); null when the bytes are hosted elsewhere ({@link #cdnUrl}). */
    @Column(name = "storage_path")
    public String storagePath;

    @Column(name = "cdn_url")
    public String cdnUrl;

    @Column(name = "thumbnail_url")
    public String thumbnailUrl;

    @Column(name = "preview_url")
    public String previewUrl;

    @Column(name = "is_processed", nullable = false)
    public boolean processed;

    @Column(name = "processing_status", nullable = false)
    public String processingStatus;

    @Column(name = "is_starred", nullable = false)
    public boolean starred;

    /** images, videos, audio, documents, archives or others (see {@link Category}). */
    @Column(nullable = false)
    public String category;

    @Column(name = "trashed_at")
    public OffsetDateTime trashedAt;

    /** The folder or file whose trashing took this one along (itself when trashed directly). */
    @Column(name = "trashed_with")
    public UUID trashedWith;

    /** The number of the current content; earlier ones are {@link FileVersion}s. */
    @Column(nullable = false)
    public int version = 1;

    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt;

    @Column(name = "updated_at", nullable = false)
    public OffsetDateTime updatedAt;

    @Column(name = "last_accessed")
    public OffsetDateTime lastAccessed;
}
