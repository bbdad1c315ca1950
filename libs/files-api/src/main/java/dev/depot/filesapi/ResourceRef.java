package dev.depot.filesapi;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.UUID;

/** A file or folder by kind ({@code file} or {@code folder}) and id. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record ResourceRef(String resourceType, UUID resourceId) {}
