package dev.depot.filesapi;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/** One result per item asked about, in the order asked. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record LookupResponse(List<ResourceInfo> results) {}
