package dev.depot.analytics.mapping;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.depot.analytics.ActivityEntry;
import dev.depot.analytics.FileStat;
import dev.depot.analytics.ProcessingJob;
import dev.depot.analytics.Webhook;
import dev.depot.analytics.WebhookDelivery;
import dev.depot.analytics.repository.FileStatsRepository.MimeUsage;
import dev.depot.analytics.repository.FileStatsRepository.Top;
import dev.depot.analytics.repository.FileStatsRepository.Totals;
import dev.depot.analytics.repository.UserProfileRepository.UserProfile;
import dev.depot.common.web.HumanSize;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/** How the read models look on the wire (snake_case by the service's Jackson settings). */
public final class Views {

    private static final ObjectMapper JSON = new ObjectMapper();

    private Views() {}

    public record Resource(String type, String id, String name) {}

    /**
     * Who an entry is by, as the user.* events described them (display name as full_name, avatar as
     * profile_picture); fields it does not know yet are null.
     */
    public record UserDetail(UUID id, String username, String email, String fullName, String profilePicture) {}

    public static UserDetail userDetail(UUID userId, UserProfile profile) {
        return profile == null
                ? new UserDetail(userId, null, null, null, null)
                : new UserDetail(
                        userId, profile.username(), profile.email(), profile.displayName(), profile.avatarUrl());
    }

    /**
     * An activity entry in the shape CDN clients read (user ... created_at), with Depot's own names for the
     * same facts after it (action, resource, occurred_at, client_ip, details). action_type is the event
     * type, as action is; metadata is details, an empty object where the event had none.
     */
    public record ActivityView(
            UUID id,
            UUID user,
            UserDetail userDetail,
            String actionType,
            String resourceType,
            String resourceId,
            String resourceName,
            JsonNode metadata,
            String ipAddress,
            String userAgent,
            OffsetDateTime createdAt,
            String action,
            Resource resource,
            OffsetDateTime occurredAt,
            String clientIp,
            JsonNode details) {}

    /** @param user the entry's user, as {@link #userDetail} made it */
    public static ActivityView activity(ActivityEntry e, UserDetail user) {
        JsonNode details = details(e.details);
        return new ActivityView(
                e.id,
                e.userId,
                user,
                e.action,
                e.resourceType,
                e.resourceId,
                e.resourceName,
                details == null ? JsonNodeFactory.instance.objectNode() : details,
                e.clientIp,
                e.userAgent,
                e.occurredAt,
                e.action,
                new Resource(e.resourceType, e.resourceId, e.resourceName),
                e.occurredAt,
                e.clientIp,
                details);
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

    // Dashboard: the shape CDN clients read; every *_size_human as HumanSize writes it.

    public record Stats(long totalFiles, long totalFolders, long totalSize, String totalSizeHuman) {}

    public static Stats stats(long files, long folders, long size) {
        return new Stats(files, folders, size, HumanSize.of(size));
    }

    /**
     * original_filename: the file events carry only the current name, which is what files-service
     * shows when a file came without another one.
     */
    public record FileSummary(
            UUID id,
            String filename,
            String originalFilename,
            UUID folder,
            long fileSize,
            String fileSizeHuman,
            String mimeType,
            String fileExtension,
            String category,
            boolean isStarred,
            OffsetDateTime createdAt,
            OffsetDateTime updatedAt) {}

    /** mime_type, count and size are the client's; type (the category), name and size_human are Depot's. */
    public record TypeUsage(String mimeType, long count, long size, String type, String name, String sizeHuman) {}

    public record Dashboard(
            Stats stats,
            List<ActivityView> recentActivity,
            List<FileSummary> recentFiles,
            List<TypeUsage> storageByType) {}

    public static FileSummary fileSummary(FileStat f) {
        return new FileSummary(
                f.fileId(),
                f.filename(),
                f.filename(),
                f.folderId(),
                f.fileSize(),
                HumanSize.of(f.fileSize()),
                f.mimeType(),
                extension(f.filename()),
                f.category(),
                f.starred(),
                f.createdAt(),
                f.updatedAt());
    }

    /** @param label the category's name as people read it */
    public static TypeUsage typeUsage(MimeUsage u, String label) {
        return new TypeUsage(u.mimeType(), u.files(), u.size(), u.category(), label, HumanSize.of(u.size()));
    }

    /** As files-service derives file_extension: after the last dot, lower case, "" when there is none. */
    static String extension(String filename) {
        if (filename == null) {
            return "";
        }
        int dot = filename.lastIndexOf('.');
        return dot > 0 && dot < filename.length() - 1
                ? filename.substring(dot + 1).toLowerCase(Locale.ROOT)
                : "";
    }

    // File analytics.

    public record FileAnalytics(
            UUID fileId,
            String filename,
            String mimeType,
            String category,
            long fileSize,
            UUID folder,
            boolean isTrashed,
            long downloads,
            long shareViews,
            long shareDownloads,
            long totalAccesses,
            OffsetDateTime lastAccessed,
            OffsetDateTime createdAt) {}

    public static FileAnalytics fileAnalytics(FileStat f) {
        return new FileAnalytics(
                f.fileId(),
                f.filename(),
                f.mimeType(),
                f.category(),
                f.fileSize(),
                f.folderId(),
                f.trashed(),
                f.downloads(),
                f.shareViews(),
                f.shareDownloads(),
                f.downloads() + f.shareViews() + f.shareDownloads(),
                f.lastAccessedAt(),
                f.createdAt());
    }

    public record Counts(long downloads, long shareViews, long shareDownloads, long shareUploads) {}

    public record Day(LocalDate date, long downloads, long shareViews, long shareDownloads, long shareUploads) {}

    public record FileDay(LocalDate date, long downloads, long shareViews, long shareDownloads) {}

    public record TopFile(
            UUID fileId, String filename, long downloads, long shareViews, long shareDownloads, long total) {}

    public static TopFile topFile(Top t) {
        return new TopFile(t.fileId(), t.filename(), t.downloads(), t.shareViews(), t.shareDownloads(), t.total());
    }

    /** A page of the user's files (the list convention) with the range's totals beside it. */
    public record AnalyticsPage(
            long count,
            String next,
            String previous,
            List<FileAnalytics> results,
            LocalDate from,
            LocalDate to,
            Counts totals,
            List<Day> daily,
            List<TopFile> topFiles) {}

    public record FileAnalyticsDetail(
            UUID fileId,
            String filename,
            String mimeType,
            String category,
            long fileSize,
            UUID folder,
            boolean isTrashed,
            long downloads,
            long shareViews,
            long shareDownloads,
            long totalAccesses,
            OffsetDateTime lastAccessed,
            OffsetDateTime createdAt,
            LocalDate from,
            LocalDate to,
            List<FileDay> daily) {}

    public static Day day(Totals t) {
        return new Day(t.day(), t.downloads(), t.shareViews(), t.shareDownloads(), t.shareUploads());
    }

    public static FileDay fileDay(Totals t) {
        return new FileDay(t.day(), t.downloads(), t.shareViews(), t.shareDownloads());
    }

    // Processing jobs.

    public record JobView(
            UUID id,
            UUID fileId,
            String filename,
            String status,
            String sourceSha256,
            int runs,
            String reason,
            String thumbnailUrl,
            String previewUrl,
            Integer width,
            Integer height,
            OffsetDateTime takenAt,
            Integer pageCount,
            Long durationMs,
            OffsetDateTime queuedAt,
            OffsetDateTime startedAt,
            OffsetDateTime finishedAt,
            OffsetDateTime createdAt,
            OffsetDateTime updatedAt) {}

    /** thumbnail_url and preview_url lead to files-service, as its file view does, once they exist. */
    public static JobView job(ProcessingJob j) {
        return new JobView(
                j.id(),
                j.fileId(),
                j.filename(),
                j.status(),
                j.sourceSha256(),
                j.runs(),
                j.reason(),
                j.thumbnailSha256() == null ? null : "/api/cdn/files/" + j.fileId() + "/thumbnail/",
                j.previewSha256() == null ? null : "/api/cdn/files/" + j.fileId() + "/preview/",
                j.width(),
                j.height(),
                j.takenAt(),
                j.pageCount(),
                j.durationMs(),
                j.queuedAt(),
                j.startedAt(),
                j.finishedAt(),
                j.createdAt(),
                j.updatedAt());
    }

    // Webhooks.

    /** {@code secret} appears once: in the answer to the creation. */
    public record WebhookView(
            UUID id,
            String url,
            List<String> eventTypes,
            String description,
            boolean isActive,
            int consecutiveFailures,
            OffsetDateTime disabledAt,
            String disabledReason,
            OffsetDateTime lastDeliveryAt,
            OffsetDateTime lastSuccessAt,
            OffsetDateTime createdAt,
            @JsonInclude(JsonInclude.Include.NON_NULL) String secret) {}

    public static WebhookView webhook(Webhook w, boolean withSecret) {
        return new WebhookView(
                w.id(),
                w.url(),
                w.eventTypes(),
                w.description(),
                w.active(),
                w.consecutiveFailures(),
                w.disabledAt(),
                w.disabledReason(),
                w.lastDeliveryAt(),
                w.lastSuccessAt(),
                w.createdAt(),
                withSecret ? w.secret() : null);
    }

    public record DeliveryView(
            UUID id,
            UUID webhook,
            UUID eventId,
            String eventType,
            String status,
            int attempts,
            Integer responseStatus,
            String error,
            OffsetDateTime createdAt,
            OffsetDateTime lastAttemptAt,
            OffsetDateTime nextAttemptAt,
            OffsetDateTime deliveredAt) {}

    public static DeliveryView delivery(WebhookDelivery d) {
        return new DeliveryView(
                d.id(),
                d.webhookId(),
                d.eventId(),
                d.eventType(),
                d.status(),
                d.attempts(),
                d.responseStatus(),
                d.error(),
                d.createdAt(),
                d.lastAttemptAt(),
                d.nextAttemptAt(),
                d.deliveredAt());
    }
}
