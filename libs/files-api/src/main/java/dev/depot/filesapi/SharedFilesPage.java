package dev.depot.filesapi;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/** One page of a shared folder's files; {@code next} and {@code previous} are URLs of files-service's own. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record SharedFilesPage(long count, String next, String previous, List<SharedFile> results) {}
