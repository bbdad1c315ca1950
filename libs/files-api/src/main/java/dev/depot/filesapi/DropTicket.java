package dev.depot.filesapi;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.OffsetDateTime;

/** A single-use upload URL (a path relative to the public root) and when it stops working. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record DropTicket(String uploadUrl, OffsetDateTime expiresAt) {}
