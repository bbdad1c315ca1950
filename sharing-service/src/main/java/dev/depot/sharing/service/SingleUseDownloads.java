package dev.depot.sharing.service;

import dev.depot.filesapi.DownloadLink;
import dev.depot.sharing.Share;
import dev.depot.sharing.client.FilesClient;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Which URL a public link's download redirects to. A protected link (a download limit, a password
 * or an expiry) gets a files-service transfer ticket per counted use: good for that one transfer,
 * dead as soon as the link is revoked, expires or is spent. An unlimited, open link keeps the
 * cacheable signed URL, since handing it on gives nothing the link itself does not.
 */
@ApplicationScoped
public class SingleUseDownloads {

    private static final Logger LOG = Logger.getLogger(SingleUseDownloads.class);

    private final FilesClient files;

    public SingleUseDownloads(FilesClient files) {
        this.files = files;
    }

    static boolean protects(Share s) {
        return s.isPublic && (s.downloadLimit != null || s.passwordHash != null || s.expiresAt != null);
    }

    /** files-service's answer for one counted download: its URL (a path) and the file's details. */
    public Uni<DownloadLink> link(Share s, UUID fileId) {
        return protects(s)
                ? files.transferTicket(s.resourceType, s.resourceId, fileId, s.id, s.expiresAt)
                : files.signedUrl(s.resourceType, s.resourceId, fileId);
    }

    /** After revoked shares are committed: the tickets of every public link among them end now. */
    public Uni<Void> revoked(List<Share> revoked) {
        return Multi.createFrom()
                .iterable(revoked)
                .onItem()
                .transformToUniAndConcatenate(this::revoked)
                .collect()
                .last()
                .replaceWithVoid();
    }

    /**
     * After a revocation is committed: ends the share's tickets now. If files-service cannot be told,
     * the share.revoked event does the same a moment later, so the revocation itself still stands.
     */
    public Uni<Void> revoked(Share s) {
        if (!s.isPublic) {
            return Uni.createFrom().voidItem();
        }
        return files.revokeTransferTickets(s.id).onFailure().recoverWithUni(e -> {
            LOG.warnf(
                    "share %s: its download tickets end when files-service reads share.revoked (%s)",
                    s.id, e.toString());
            return Uni.createFrom().voidItem();
        });
    }
}
