package dev.depot.files.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

/** files-service settings, {@code depot.files.*}. */
@ConfigMapping(prefix = "depot.files")
public interface FilesConfig {

    /** Quota of a user files-service has not yet heard of from auth-service (5 GiB). */
    @WithDefault("5368709120")
    long defaultQuota();

    /** Trashed items older than this are deleted for good by the purge job. */
    @WithDefault("P30D")
    Duration trashRetention();

    /** storage.limit_reached is announced when usage crosses this share of the quota. */
    @WithDefault("90")
    int storageWarningPercent();

    /** Most results of each kind that search answers. */
    @WithDefault("50")
    int searchLimit();
}
