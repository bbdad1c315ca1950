package dev.depot.sharing.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

@ConfigMapping(prefix = "depot.sharing")
public interface SharingConfig {

    /** files-service's replicas (base URLs, comma-separated), for its /internal API: see FilesReplicas. */
    List<URI> filesUrl();

    /** Seals public tokens and signs download links; derived from the internal secret when unset. */
    Optional<String> tokenKey();

    /** Wrong passwords per link and client address within {@link #passwordWindow()} before 429. */
    @WithDefault("5")
    int passwordAttempts();

    @WithDefault("PT15M")
    Duration passwordWindow();

    /** How long a download link listed by a password-protected share works without the password. */
    @WithDefault("PT1H")
    Duration downloadLinkTtl();

    /** How long a drop ticket (the upload URL a file-drop link hands out) stays valid. */
    @WithDefault("PT1H")
    Duration dropTicketTtl();
}
