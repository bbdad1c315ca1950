package dev.depot.filesapi;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.OffsetDateTime;
import java.util.UUID;

/** A folder as someone it is shared with sees it: no owner, no path above the share's root. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record SharedFolder(UUID id, String name, UUID parentId, OffsetDateTime createdAt, OffsetDateTime updatedAt) {}
