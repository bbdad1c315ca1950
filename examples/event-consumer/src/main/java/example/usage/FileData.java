package example.usage;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * The part of a file.* event's {@code data} this consumer needs: the file as it is after the change.
 *
 * @param fileSize bytes counted against the owner's quota (for a registered file, the size its owner declared)
 * @param sha256   the content's hash; new content for the same file has another one
 * @param cdnUrl   where a registered file's bytes are hosted; it counts all the same
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record FileData(String fileId, String ownerId, String folderId, Long fileSize, String sha256, String cdnUrl) {}
