package dev.depot.files;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.OffsetDateTime;
import java.util.UUID;

/** A folder in a user's tree. Each user has one root. */
@Entity
@Table(name = "folder")
public class Folder {

    @Id
    public UUID id;

    @Column(name = "owner_id", nullable = false)
    public UUID ownerId;

    @Column(name = "parent_id")
    public UUID parentId;

    @Column(nullable = false)
    public String name;

    /** "/" for the root, "/Documents/2024" below it. */
    @Column(nullable = false)
    public String path;

    @Column(name = "is_root", nullable = false)
    public boolean root;

    @Column(name = "is_starred", nullable = false)
    public boolean starred;

    @Column(name = "trashed_at")
    public OffsetDateTime trashedAt;

    /** The folder whose trashing took this one along (itself when it was trashed directly). */
    @Column(name = "trashed_with")
    public UUID trashedWith;

    @Column(name = "created_at", nullable = false)
    public OffsetDateTime createdAt;

    @Column(name = "updated_at", nullable = false)
    public OffsetDateTime updatedAt;

    public boolean isTrashed() {
        return trashedAt != null;
    }

    /** The path of a child of this folder called {@code name}. */
    public String childPath(String name) {
        return ("/".equals(path) ? "" : path) + "/" + name;
    }
}
