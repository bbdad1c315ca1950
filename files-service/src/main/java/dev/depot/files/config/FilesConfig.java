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

    /** Where blobs and in-flight uploads are kept (./depot up: .depot/data). */
    @WithDefault(".depot/data")
    String dataDir();

    /** Largest file one upload may carry (200 MB unless configured; tus announces it as Tus-Max-Size). */
    @WithDefault("209715200")
    long maxUploadSize();

    /** Largest file one WebDAV PUT may carry: it streams, so far more than a form upload. */
    @WithDefault("64G")
    io.quarkus.runtime.configuration.MemorySize maxDavUploadSize();

    /**
     * Key for signing download URLs. Unset: one is generated into the data directory at first start;
     * replicas serving the same links must share it.
     */
    java.util.Optional<String> urlSigningKey();

    /**
     * How old an unreferenced blob or temporary file must be before the collector removes it (and the
     * consistency check calls it unowned): the row naming a new blob may still be on its way.
     */
    @WithDefault("PT1H")
    Duration blobGracePeriod();

    /** How long a signed download URL works. */
    @WithDefault("PT1H")
    Duration downloadUrlTtl();

    /**
     * How long a transfer ticket (the single-use URL a protected public link redirects to) may be
     * claimed, and its transfer resumed with Range requests by the client that claimed it.
     */
    @WithDefault("PT5M")
    Duration transferTicketTtl();

    /**
     * Hosts Depot may send a browser to for a file registered with an external URL ({@code cdn_url}):
     * exact names, or "*.example.com" for every name below it; comma-separated in
     * DEPOT_FILES_EXTERNAL_HOSTS. Empty by default: a cdn_url is any client's say, and a redirect from
     * Depot's origin to it would lend that origin to whatever page it names; such a URL is answered as
     * JSON instead, for the client to show and follow knowingly.
     */
    java.util.Optional<java.util.List<String>> externalHosts();

    ExternalUpload externalUpload();

    /** Where POST /api/cdn/upload-0x0/ passes files on to: 0x0.st, or any host that takes a multipart {@code file}. */
    interface ExternalUpload {
        @WithDefault("https://0x0.st")
        String url();

        @WithDefault("FriendlyUploader")
        String userAgent();

        /** Per attempt: this, plus {@link #perMegabyte()} for each MB, so a large file has time to arrive. */
        @WithDefault("PT120S")
        Duration baseTimeout();

        @WithDefault("PT30S")
        Duration perMegabyte();

        @WithDefault("3")
        int attempts();
    }

    /** How many earlier contents of a file are kept as versions. */
    @WithDefault("10")
    int versionsKept();

    /** Most results of each kind that search answers. */
    @WithDefault("50")
    int searchLimit();
}
