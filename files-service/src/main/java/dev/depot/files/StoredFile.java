package dev.depot.files;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;
import org.hibernate.annotations.DynamicUpdate;

/** A file's metadata; its bytes live in the blob store. */
/*
 * Only changed columns are written: processing results arrive from Kafka while requests change other
 * columns of the same row, and neither may write back a stale copy of what the other changed.
 */
@Entity
@Table(name = "stored_file")
@DynamicUpdate
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

    /** Unused: the API derives the URL from {@link #thumbnailSha256}. */
    @Column(name = "thumbnail_url")
    public String thumbnailUrl;

    /** Unused: the API derives the URL from {@link #previewSha256}. */
    @Column(name = "preview_url")
    public String previewUrl;

    @Column(name = "is_processed", nullable = false)
    public boolean processed;

    /** pending, processing, completed, skipped (nothing is made for the type) or failed. */
    @Column(name = "processing_status", nullable = false)
    public String processingStatus;

    /** The 256 px JPEG processing-worker made of the current content, a blob in the blob store. */
    @Column(name = "thumbnail_sha256")
    public String thumbnailSha256;

    /** The 1024 px JPEG processing-worker made of the current content. */
    @Column(name = "preview_sha256")
    public String previewSha256;

    @Column(name = "media_width")
    public Integer mediaWidth;

    @Column(name = "media_height")
    public Integer mediaHeight;

    /** When a photo was taken, from its metadata. */
    @Column(name = "taken_at")
    public OffsetDateTime takenAt;

    @Column(name = "page_count")
    public Integer pageCount;

    /** The start of a text file or a document's text. */
    @Column(name = "text_preview")
    public String textPreview;

    /** Why the last processing failed. */
    @Column(name = "processing_error")
    public String processingError;

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

    /** New content: whatever was derived from the old one no longer applies. */
    public void resetProcessing() {
        processingStatus = "pending";
        processed = false;
        thumbnailSha256 = null;
        previewSha256 = null;
        mediaWidth = null;
        mediaHeight = null;
        takenAt = null;
        pageCount = null;
        textPreview = null;
        processingError = null;
    }
}
