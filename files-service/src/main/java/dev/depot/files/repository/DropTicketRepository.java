package dev.depot.files.repository;

import dev.depot.files.DropTicket;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.UUID;

/** File-drop tickets, by the hash of the ticket. */
@ApplicationScoped
public class DropTicketRepository implements PanacheRepositoryBase<DropTicket, String> {

    private final Clock clock;

    public DropTicketRepository(Clock clock) {
        this.clock = clock;
    }

    /** Where a consumed ticket lets its holder drop a file. */
    public record Target(UUID folderId, UUID ownerId) {}

    /**
     * Marks the ticket used if it is unused and unexpired, in one statement, so two drops with the
     * same ticket cannot both get it. Null when there is no such usable ticket.
     */
    public Uni<Target> consume(String hash) {
        return Panache.getSession()
                .chain(s -> s.createNativeQuery(
                                "WITH used AS (UPDATE drop_ticket SET used_at = now() "
                                        + "WHERE hash = ?1 AND used_at IS NULL AND expires_at > now() RETURNING folder_id, owner_id) "
                                        + "SELECT folder_id, owner_id FROM used",
                                Object[].class)
                        .setParameter(1, hash)
                        .getResultList())
                .map(rows -> rows.isEmpty() ? null : new Target((UUID) rows.get(0)[0], (UUID) rows.get(0)[1]));
    }

    /** Makes a consumed ticket usable again (its drop failed); it still expires when it would have. */
    public Uni<Integer> release(String hash) {
        return update("usedAt = null where hash = ?1", hash);
    }

    /** Tickets that can no longer be used, a day after they expired. */
    public Uni<Long> deleteStale() {
        return delete("expiresAt < ?1", java.time.OffsetDateTime.now(clock).minusDays(1));
    }

    /** Before a folder is deleted for good: the tickets into it and into the folders below it. */
    public Uni<Integer> deleteForSubtree(UUID folderId) {
        return Panache.getSession().chain(s -> s.createNativeQuery(
                        FolderRepository.SUBTREE + "DELETE FROM drop_ticket WHERE folder_id IN (SELECT id FROM sub)")
                .setParameter(1, folderId)
                .executeUpdate());
    }
}
