package dev.depot.filesapi;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.UUID;

/** A drop ticket into {@code folder_id} for the file-drop share {@code share_id}; files-service's default lifetime when null. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record DropTicketRequest(UUID folderId, UUID shareId, Long expiresInSeconds) {}
