package example.usage;

import com.fasterxml.jackson.annotation.JsonProperty;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.List;

/** What the ledger knows, as JSON. */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public class UsageResource {

    private final UsageLedger ledger;

    public UsageResource(UsageLedger ledger) {
        this.ledger = ledger;
    }

    public record UsageView(
            @JsonProperty("user_id") String userId,
            @JsonProperty("bytes") long bytes,
            @JsonProperty("files") long files) {

        static UsageView of(UsageLedger.Usage u) {
            return new UsageView(u.userId(), u.bytes(), u.files());
        }
    }

    public record StatsView(
            @JsonProperty("applied") long applied,
            @JsonProperty("duplicates") long duplicates,
            @JsonProperty("ignored") long ignored,
            @JsonProperty("malformed") long malformed) {}

    /** A user this consumer has not seen an event for simply has nothing stored yet. */
    @GET
    @Path("usage/{userId}")
    public UsageView usage(@PathParam("userId") String userId) {
        return UsageView.of(ledger.usage(userId));
    }

    @GET
    @Path("usage")
    public List<UsageView> all() {
        return ledger.all().stream().map(UsageView::of).toList();
    }

    @GET
    @Path("stats")
    public StatsView stats() {
        UsageLedger.Stats s = ledger.stats();
        return new StatsView(s.applied(), s.duplicates(), s.ignored(), s.malformed());
    }
}
