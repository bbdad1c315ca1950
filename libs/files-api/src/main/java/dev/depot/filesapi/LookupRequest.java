package dev.depot.filesapi;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;
import java.util.UUID;

/** The resources to look up, and {@code user_id}: whose access to report (null for none). */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record LookupRequest(List<ResourceRef> items, UUID userId) {}
