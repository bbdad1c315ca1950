package dev.depot.analytics.service;

import dev.depot.analytics.config.AnalyticsConfig;
import dev.depot.analytics.mapping.Views;
import dev.depot.analytics.mapping.Views.Dashboard;
import dev.depot.analytics.mapping.Views.TypeUsage;
import dev.depot.analytics.repository.FileStatsRepository;
import dev.depot.analytics.repository.FileStatsRepository.MimeUsage;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The dashboard CDN clients show: what the user's drive holds, what they did lately, their newest files,
 * and the MIME types that take the most room.
 */
@ApplicationScoped
public class DashboardService {

    /** files-service's categories with their labels (storage_by_type's name). */
    static final Map<String, String> CATEGORIES = Map.of(
            "images",
            "Images",
            "videos",
            "Videos",
            "audio",
            "Audio",
            "documents",
            "Documents",
            "archives",
            "Archives",
            "others",
            "Others");

    /** storage_by_type holds this many MIME types at most: the largest few, enough for a chart's legend. */
    static final int TYPES = 5;

    private final FileStatsRepository files;
    private final ActivityService activity;
    private final int recentActivity;
    private final int recentFiles;

    public DashboardService(FileStatsRepository files, ActivityService activity, AnalyticsConfig config) {
        this.files = files;
        this.activity = activity;
        this.recentActivity = config.dashboardRecent();
        this.recentFiles = config.dashboardRecentFiles();
    }

    public Uni<Dashboard> of(UUID user) {
        return files.usage(user).chain(usage -> files.visibleFolders(user)
                .chain(folders -> files.recentFiles(user, recentFiles).chain(newest -> files.usageByMimeType(
                                user, TYPES)
                        .chain(byType -> activity.recent(user, recentActivity).chain(entries -> activity.userDetail(
                                        user)
                                .map(detail -> new Dashboard(
                                        Views.stats(usage.files(), folders, usage.size()),
                                        entries.stream()
                                                .map(e -> Views.activity(e, detail))
                                                .toList(),
                                        newest.stream().map(Views::fileSummary).toList(),
                                        byType.stream()
                                                .map(DashboardService::typeUsage)
                                                .toList())))))));
    }

    static TypeUsage typeUsage(MimeUsage u) {
        String key = u.category();
        String label = CATEGORIES.getOrDefault(
                key, key.isEmpty() ? key : key.substring(0, 1).toUpperCase(Locale.ROOT) + key.substring(1));
        return Views.typeUsage(u, label);
    }
}
