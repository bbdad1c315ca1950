package dev.depot.analytics.rest;

import dev.depot.analytics.config.AnalyticsConfig;
import dev.depot.analytics.mapping.Views.AnalyticsPage;
import dev.depot.analytics.mapping.Views.FileAnalytics;
import dev.depot.analytics.mapping.Views.FileAnalyticsDetail;
import dev.depot.analytics.query.FileOrdering;
import dev.depot.analytics.service.FileAnalyticsService;
import dev.depot.analytics.service.FileAnalyticsService.Range;
import dev.depot.common.error.ApiException;
import dev.depot.common.security.CurrentUser;
import dev.depot.common.web.Page;
import dev.depot.common.web.PageRequest;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.UriInfo;
import java.time.Clock;
import java.time.LocalDate;
import java.util.UUID;

/** Analytics of the caller's files: downloads and public-link use per file and per day, and the top files. */
@Path("/api/cdn/analytics")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
public class AnalyticsResource {

    private final FileAnalyticsService analytics;
    private final CurrentUser currentUser;
    private final int maxRangeDays;
    private final Clock clock;

    public AnalyticsResource(
            FileAnalyticsService analytics, CurrentUser currentUser, AnalyticsConfig config, Clock clock) {
        this.analytics = analytics;
        this.currentUser = currentUser;
        this.maxRangeDays = config.maxRangeDays();
        this.clock = clock;
    }

    /**
     * The user's files with their counters (paged, ordered by {@code ordering}), and for the days
     * {@code from}..{@code to} (UTC, both included; the last 30 days by default) the totals per day and
     * the most accessed files.
     */
    @GET
    @Path("/")
    public Uni<AnalyticsPage> overview(
            @QueryParam("from") String from,
            @QueryParam("to") String to,
            @QueryParam("ordering") String ordering,
            @QueryParam("page") Integer page,
            @QueryParam("page_size") Integer pageSize,
            @Context UriInfo uri) {
        UUID user = currentUser.id();
        FileOrdering order = ordering == null || ordering.isBlank()
                ? FileOrdering.DEFAULT
                : FileOrdering.fromQueryValue(ordering.trim())
                        .orElseThrow(() -> Params.invalid(
                                "ordering", "must be one of " + String.join(", ", FileOrdering.queryValues())));
        Range range = Params.range(from, to, maxRangeDays, LocalDate.now(clock));
        PageRequest request = PageRequest.of(page, pageSize);
        return analytics.overview(user, range, order, request).map(found -> {
            Page<FileAnalytics> files = request.page(found.files(), uri);
            return new AnalyticsPage(
                    files.count(),
                    files.next(),
                    files.previous(),
                    files.results(),
                    found.range().from(),
                    found.range().to(),
                    found.totals(),
                    found.daily(),
                    found.topFiles());
        });
    }

    @GET
    @Path("/{id}")
    public Uni<FileAnalyticsDetail> one(
            @PathParam("id") UUID id, @QueryParam("from") String from, @QueryParam("to") String to) {
        return analytics
                .ofFile(currentUser.id(), id, Params.range(from, to, maxRangeDays, LocalDate.now(clock)))
                .onItem()
                .ifNull()
                .failWith(() -> ApiException.notFound("file " + id));
    }
}
