package dev.depot.processing.config;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.time.Duration;

@ConfigMapping(prefix = "depot.processing")
public interface ProcessingConfig {

    /** The data directory files-service keeps its blobs under ({@code <data-dir>/blobs}). */
    String dataDir();

    /** Longest side of a thumbnail, in pixels. */
    @WithDefault("256")
    int thumbnailSize();

    /** Longest side of a preview, in pixels. */
    @WithDefault("1024")
    int previewSize();

    /** Images with more pixels than this are refused from their header, before any decoding. */
    @WithDefault("100000000")
    long maxPixels();

    /** A job still running after this is stopped and failed. */
    @WithDefault("PT60S")
    Duration jobTimeout();

    /** Tries for a job that fails for a transient reason (the blob store) before it goes to the dead-letter topic. */
    @WithDefault("3")
    int attempts();

    /** Wait before the first retry; doubled for each one after. */
    @WithDefault("PT0.5S")
    Duration retryBackoff();

    /** Fetching the bytes of files registered by URL (cdn_url), which are not in the blob store. */
    RemoteFetch remoteFetch();

    interface RemoteFetch {

        /** Off: registered files are skipped, as before. */
        @WithDefault("true")
        boolean enabled();

        /** No file larger than this is fetched, whatever size it was registered with. */
        @WithDefault("200M")
        MemorySize maxSize();

        /** Connecting to the host. */
        @WithDefault("PT10S")
        Duration connectTimeout();

        /** The whole fetch, redirects included. */
        @WithDefault("PT120S")
        Duration timeout();

        /** Redirects followed, each to a URL checked like the first. */
        @WithDefault("3")
        int maxRedirects();

        /** Loopback, private and link-local targets are refused unless this is on (tests, a closed network). */
        @WithDefault("false")
        boolean allowPrivateTargets();
    }
}
