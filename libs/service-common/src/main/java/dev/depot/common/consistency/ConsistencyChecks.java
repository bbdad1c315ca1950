package dev.depot.common.consistency;

import dev.depot.common.consistency.ConsistencyCheck.Finding;
import io.smallrye.mutiny.Uni;
import java.util.List;

/** What a service declares about its own data; {@link ConsistencyResource} runs it for ./depot doctor. */
public interface ConsistencyChecks {

    /** Invariants that one query over the service's database can verify. */
    List<ConsistencyCheck> sqlChecks();

    /** Invariants that need more than the database (bytes on disk, say). */
    default Uni<List<Finding>> otherChecks() {
        return Uni.createFrom().item(List.of());
    }
}
