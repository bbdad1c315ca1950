package dev.depot.analytics.mapping;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.depot.analytics.ActivityEntry;
import dev.depot.analytics.FileStat;
import dev.depot.analytics.ProcessingJob;
import dev.depot.analytics.Webhook;
import dev.depot.analytics.WebhookDelivery;
import dev.depot.analytics.repository.FileStatsRepository.Top;
import dev.depot.analytics.repository.FileStatsRepository.Totals;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/** How the read models look on the wire (snake_case by the service's Jackson settings). */
public final class Views {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Views() {
    }

    public record Resource(String type, String id, String name) {
    }

    public record ActivityView(UUID id, String action, Resource resource, OffsetDateTime occurredAt, String clientIp,
            String userAgent, JsonNode details) {
    }

    public static ActivityView activity(ActivityEntry e) {
        return new ActivityView(e.id, e.action, new Resource(e.resourceType, e.resourceId, e.resourceName),
                e.occurredAt, e.clientIp, e.userAgent, details(e.details));
    }

    private static JsonNode details(String json) {
        if (json == null) {
            return null;
        }
        try {
            return JSON.readTree(json);
        } catch (Exception e) {
            return null;
        }
    }

    // Dashboard: exactly the seed's shape.

    public record Stats(long totalFiles, long totalFolders, long totalSize, String totalSizeHuman) {
    }

    public record FileSummary(UUID id, String filename, UUID folder, long fileSize, String mimeType, String category,
            boolean isStarred, OffsetDateTime createdAt, OffsetDateTime updatedAt) {
    }

    public record TypeUsage(String type, String name, long count, long size, String sizeHuman) {
    }

    public record Dashboard(Stats stats, List<ActivityView> recentActivity, List<FileSummary> recentFiles,
            List<TypeUsage> storageByType) {
    }

    public static FileSummary fileSummary(FileStat f) {
        return new FileSummary(f.fileId(), f.filename(), f.folderId(), f.fileSize(), f.mimeType(), f.category(),
                f.starred(), f.createdAt(), f.updatedAt());
    }

    // File analytics.

    public record FileAnalytics(UUID fileId, String filename, String mimeType, String category, long fileSize,
            UUID folder, boolean isTrashed, long downloads, long shareViews, long shareDownloads, long totalAccesses,
            OffsetDateTime lastAccessed, OffsetDateTime createdAt) {
    }

    public static FileAnalytics fileAnalytics(FileStat f) {
        return new FileAnalytics(f.fileId(), f.filename(), f.mimeType(), f.category(), f.fileSize(), f.folderId(),
                f.trashed(), f.downloads(), f.shareViews(), f.shareDownloads(),
                f.downloads() + f.shareViews() + f.shareDownloads(), f.lastAccessedAt(), f.createdAt());
    }

    public record Counts(long downloads, long shareViews, long shareDownloads, long shareUploads) {
    }

    public record Day(LocalDate date, long downloads, long shareViews, long shareDownloads, long shareUploads) {
    }

    public record FileDay(LocalDate date, long downloads, long shareViews, long shareDownloads) {
    }

    public record TopFile(UUID fileId, String filename, long downloads, long shareViews, long shareDownloads,
            long total) {
    }

    public static TopFile topFile(Top t) {
        return new TopFile(t.fileId(), t.filename(), t.downloads(), t.shareViews(), t.shareDownloads(), t.total());
    }

    /** A page of the user's files (the list convention) with the range's totals beside it. */
    public record AnalyticsPage(long count, String next, String previous, List<FileAnalytics> results, LocalDate from,
            LocalDate to, Counts totals, List<Day> daily, List<TopFile> topFiles) {
    }

    public record FileAnalyticsDetail(UUID fileId, String filename, String mimeType, String category, long fileSize,
            UUID folder, boolean isTrashed, long downloads, long shareViews, long shareDownloads, long totalAccesses,
            OffsetDateTime lastAccessed, OffsetDateTime createdAt, LocalDate from, LocalDate to, List<FileDay> daily) {
    }

    public static Day day(Totals t) {
        return new Day(t.day(), t.downloads(), t.shareViews(), t.shareDownloads(), t.shareUploads());
    }

    public static FileDay fileDay(Totals t) {
        return new FileDay(t.day(), t.downloads(), t.shareViews(), t.shareDownloads());
    }

    // Processing jobs.

    public record JobView(UUID id, UUID fileId, String filename, String status, String sourceSha256, int runs,
            String reason, String thumbnailUrl, String previewUrl, Integer width, Integer height,
            OffsetDateTime takenAt, Integer pageCount, Long durationMs, OffsetDateTime queuedAt,
            OffsetDateTime startedAt, OffsetDateTime finishedAt, OffsetDateTime createdAt, OffsetDateTime updatedAt) {
    }

    /** thumbnail_url and preview_url lead to files-service, as its file view does, once they exist. */
    public static JobView job(ProcessingJob j) {
        return new JobView(j.id(), j.fileId(), j.filename(), j.status(), j.sourceSha256(), j.runs(), j.reason(),
                j.thumbnailSha256() == null ? null : "/api/cdn/files/" + j.fileId() + "/thumbnail/",
                j.previewSha256() == null ? null : "/api/cdn/files/" + j.fileId() + "/preview/",
                j.width(), j.height(), j.takenAt(), j.pageCount(), j.durationMs(), j.queuedAt(), j.startedAt(),
                j.finishedAt(), j.createdAt(), j.updatedAt());
    }

    // Webhooks.

    /** {@code secret} appears once: in the answer to the creation. */
    public record WebhookView(UUID id, String url, List<String> eventTypes, String description, boolean isActive,
            int consecutiveFailures, OffsetDateTime disabledAt, String disabledReason, OffsetDateTime lastDeliveryAt,
            OffsetDateTime lastSuccessAt, OffsetDateTime createdAt,
            @JsonInclude(JsonInclude.Include.NON_NULL) String secret) {
    }

    public static WebhookView webhook(Webhook w, boolean withSecret) {
        return new WebhookView(w.id(), w.url(), w.eventTypes(), w.description(), w.active(), w.consecutiveFailures(),
                w.disabledAt(), w.disabledReason(), w.lastDeliveryAt(), w.lastSuccessAt(), w.createdAt(),
                withSecret ? w.secret() : null);
    }

    public record DeliveryView(UUID id, UUID webhook, UUID eventId, String eventType, String status, int attempts,
            Integer responseStatus, String error, OffsetDateTime createdAt, OffsetDateTime lastAttemptAt,
            OffsetDateTime nextAttemptAt, OffsetDateTime deliveredAt) {
    }

    public static DeliveryView delivery(WebhookDelivery d) {
        return new DeliveryView(d.id(), d.webhookId(), d.eventId(), d.eventType(), d.status(), d.attempts(),
                d.responseStatus(), d.error(), d.createdAt(), d.lastAttemptAt(), d.nextAttemptAt(), d.deliveredAt());
    }

    /** "1.0 GB" for 1073741824, as the seed's dashboard shows sizes (binary multiples). */
    public static String humanSize(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = { "KB", "MB", "GB", "TB", "PB", "EB" };
        double value = bytes;
        int unit = -1;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        if (value >= 1023.95 && unit < units.length - 1) {
            // would print as "1024.0 KB"
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, "%.1f %s", value, units[unit]);
    }
}
