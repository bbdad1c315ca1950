package dev.depot.filesapi;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.annotation.JsonNaming;
import java.util.List;

/** A folder inside a share: itself, its live subfolders and one page of its live files. */
@JsonNaming(PropertyNamingStrategies.SnakeCaseStrategy.class)
public record SharedContents(SharedFolder folder, List<SharedFolder> folders, SharedFilesPage files) {}
