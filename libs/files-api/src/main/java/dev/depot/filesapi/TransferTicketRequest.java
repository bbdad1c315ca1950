package dev.depot.filesapi;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.time.OffsetDateTime;
import java.util.UUID;

/** {@code expires_at}: the share's expiry, which no ticket outlives; null for none. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record TransferTicketRequest(UUID shareId, OffsetDateTime expiresAt) {}
