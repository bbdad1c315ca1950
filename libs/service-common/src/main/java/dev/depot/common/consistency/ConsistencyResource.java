package dev.depot.common.consistency;

import dev.depot.common.consistency.ConsistencyCheck.Finding;
import dev.depot.common.error.ApiException;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import jakarta.enterprise.inject.Instance;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * {@code GET /internal/consistency}: runs every invariant the service declares and reports what
 * it found ({@code consistent} is false on any violation). Internal, like all of /internal: the
 * caller presents the service secret. {@code ./depot doctor} and the system tests call it.
 */
@Path("/internal/consistency")
@Produces(MediaType.APPLICATION_JSON)
public class ConsistencyResource {

    /** Violations listed per check; the count goes on past them. */
    static final int EXAMPLES = 10;

    public record Report(String service, boolean consistent, List<Finding> checks) {}

    private final Instance<ConsistencyChecks> declared;
    private final Instance<Pool> pool;
    private final String service;

    public ConsistencyResource(
            Instance<ConsistencyChecks> declared,
            Instance<Pool> pool,
            @ConfigProperty(name = "quarkus.application.name") String service) {
        this.declared = declared;
        this.pool = pool;
        this.service = service;
    }

    /** The report as lines for a terminal; its last line starts with "consistent" or "INCONSISTENT". */
    @GET
    @Produces(MediaType.TEXT_PLAIN)
    public Uni<String> checkAsText() {
        return check().map(ConsistencyResource::text);
    }

    static String text(Report report) {
        StringBuilder out = new StringBuilder();
        long problems = 0;
        for (Finding f : report.checks()) {
            problems += f.problems();
            out.append(String.format(
                    "%-8s %s.%s: %s%n",
                    f.problems() == 0 ? "ok" : f.problems() + " BAD", report.service(), f.check(), f.description()));
            f.examples().forEach(e -> out.append("           ").append(e).append('\n'));
        }
        out.append(
                        report.consistent()
                                ? "consistent: " + report.service() + ", "
                                        + report.checks().size() + " checks"
                                : "INCONSISTENT: " + report.service() + ", " + problems + " problems")
                .append('\n');
        return out.toString();
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Uni<Report> check() {
        if (!declared.isResolvable() || !pool.isResolvable()) {
            throw ApiException.notFound("consistency checks of " + service);
        }
        ConsistencyChecks checks = declared.get();
        return Multi.createFrom()
                .iterable(checks.sqlChecks())
                .onItem()
                .transformToUniAndConcatenate(this::run)
                .collect()
                .asList()
                .chain(sql -> checks.otherChecks().map(other -> {
                    List<Finding> all = new ArrayList<>(sql);
                    all.addAll(other);
                    return new Report(service, all.stream().allMatch(f -> f.problems() == 0), all);
                }));
    }

    private Uni<Finding> run(ConsistencyCheck check) {
        return pool.get()
                .withTransaction(c -> c.query("SET TRANSACTION READ ONLY")
                        .execute()
                        .chain(() ->
                                c.query("SET LOCAL statement_timeout = '10min'").execute())
                        .chain(() -> c.query(check.sql()).execute()))
                .map(rows -> {
                    List<String> examples = new ArrayList<>();
                    long problems = 0;
                    for (Row row : rows) {
                        if (problems++ < EXAMPLES) {
                            examples.add(String.valueOf(row.getValue(0)));
                        }
                    }
                    return new Finding(check.name(), check.description(), problems, examples);
                });
    }
}
