package dev.depot.analytics.service;

import dev.depot.analytics.config.AnalyticsConfig;
import dev.depot.analytics.mapping.Views;
import dev.depot.analytics.mapping.Views.Dashboard;
import dev.depot.analytics.mapping.Views.Stats;
import dev.depot.analytics.mapping.Views.TypeUsage;
import dev.depot.analytics.repository.FileStatsRepository;
import dev.depot.analytics.repository.FileStatsRepository.Usage;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/** The seed's dashboard: what the user's drive holds, what they did lately, their newest files, usage by type. */
@ApplicationScoped
public class DashboardService {

    /** files-service's categories, in its order, with their labels. */
    static final Map<String, String> CATEGORIES = new LinkedHashMap<>();

    static {
        CATEGORIES.put("images", "Images");
        CATEGORIES.put("videos", "Videos");
        CATEGORIES.put("audio", "Audio");
        CATEGORIES.put("documents", "Documents");
        CATEGORIES.put("archives", "Archives");
        CATEGORIES.put("others", "Others");
    }

    private final FileStatsRepository files;
    private final ActivityService activity;
    private final int recent;

    public DashboardService(FileStatsRepository files, ActivityService activity, AnalyticsConfig config) {
        this.files = files;
        this.activity = activity;
        this.recent = config.dashboardRecent();
    }

    public Uni<Dashboard> of(UUID user) {
        return files.usageByCategory(user).chain(usage -> files.visibleFolders(user).chain(folders -> files
                .recentFiles(user, recent).chain(recentFiles -> activity.recent(user, recent).map(entries -> {
                    long count = usage.stream().mapToLong(Usage::files).sum();
                    long size = usage.stream().mapToLong(Usage::size).sum();
                    return new Dashboard(new Stats(count, folders, size, Views.humanSize(size)),
                            entries.stream().map(Views::activity).toList(),
                            recentFiles.stream().map(Views::fileSummary).toList(), byType(usage));
                }))));
    }

    /** Every category files-service knows, empty ones included, then any other seen in events. */
    static List<TypeUsage> byType(List<Usage> usage) {
        Map<String, Usage> seen = new LinkedHashMap<>();
        usage.forEach(u -> seen.put(u.category(), u));
        List<TypeUsage> out = new ArrayList<>();
        CATEGORIES.forEach((key, label) -> {
            Usage u = seen.remove(key);
            out.add(typeUsage(key, label, u));
        });
        seen.forEach((key, u) -> out.add(typeUsage(key,
                key.isEmpty() ? key : key.substring(0, 1).toUpperCase(Locale.ROOT) + key.substring(1), u)));
        return out;
    }

    private static TypeUsage typeUsage(String key, String label, Usage u) {
        long count = u == null ? 0 : u.files();
        long size = u == null ? 0 : u.size();
        return new TypeUsage(key, label, count, size, Views.humanSize(size));
    }
}
