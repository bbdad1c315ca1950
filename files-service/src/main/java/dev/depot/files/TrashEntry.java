package dev.depot.files;

import java.time.OffsetDateTime;
import java.util.UUID;

/**
 * One entry of the trash: a folder (with what it took along) or a file. {@code type} is "folder" or
 * "file"; {@code originalPath} is where it was in the drive.
 */
public record TrashEntry(
        String type,
        UUID id,
        String name,
        UUID originalParent,
        OffsetDateTime trashedAt,
        long size,
        String originalPath) {}
