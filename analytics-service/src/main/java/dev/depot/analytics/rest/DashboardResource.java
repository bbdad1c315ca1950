package dev.depot.analytics.rest;

import dev.depot.analytics.mapping.Views.Dashboard;
import dev.depot.analytics.service.DashboardService;
import dev.depot.common.security.CurrentUser;
import io.quarkus.security.Authenticated;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

/** The drive at a glance, in the CDN client API's shape: stats, recent_activity, recent_files, storage_by_type. */
@Path("/api/cdn/dashboard")
@Produces(MediaType.APPLICATION_JSON)
@Authenticated
public class DashboardResource {

    private final DashboardService dashboard;
    private final CurrentUser currentUser;

    public DashboardResource(DashboardService dashboard, CurrentUser currentUser) {
        this.dashboard = dashboard;
        this.currentUser = currentUser;
    }

    @GET
    @Path("/")
    public Uni<Dashboard> get() {
        return dashboard.of(currentUser.id());
    }
}
