package dev.depot.analytics.service;

import dev.depot.analytics.mapping.Views;
import dev.depot.analytics.mapping.Views.Counts;
import dev.depot.analytics.mapping.Views.Day;
import dev.depot.analytics.mapping.Views.FileAnalyticsDetail;
import dev.depot.analytics.mapping.Views.FileDay;
import dev.depot.analytics.mapping.Views.TopFile;
import dev.depot.analytics.query.FileOrdering;
import dev.depot.analytics.repository.FileStatsRepository;
import dev.depot.analytics.repository.FileStatsRepository.Totals;
import dev.depot.common.web.PageRequest;
import dev.depot.common.web.PageResults;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

/** Per-file access analytics: downloads, public-link views and downloads, last access; totals per day; top files. */
@ApplicationScoped
public class FileAnalyticsService {

    static final int TOP_FILES = 10;

    private final FileStatsRepository files;

    public FileAnalyticsService(FileStatsRepository files) {
        this.files = files;
    }

    /** A day range, both ends included (UTC days). */
    public record Range(LocalDate from, LocalDate to) {}

    /**
     * A page of the user's files with their counters, and the range's totals, days and top files: the
     * resource adds the page's links.
     */
    public record Overview(
            PageResults<Views.FileAnalytics> files,
            Range range,
            Counts totals,
            List<Day> daily,
            List<TopFile> topFiles) {}

    public Uni<Overview> overview(UUID user, Range range, FileOrdering ordering, PageRequest page) {
        return files.countExisting(user).chain(count -> files.pageOfExisting(user, ordering, page.size(), page.offset())
                .chain(results -> files.dailyOfOwner(user, range.from(), range.to())
                        .chain(daily -> files.top(user, range.from(), range.to(), TOP_FILES)
                                .map(top -> {
                                    List<Day> days = everyDay(range, daily, Views::day, d -> new Day(d, 0, 0, 0, 0));
                                    Counts totals = new Counts(
                                            sum(daily, Totals::downloads),
                                            sum(daily, Totals::shareViews),
                                            sum(daily, Totals::shareDownloads),
                                            sum(daily, Totals::shareUploads));
                                    return new Overview(
                                            new PageResults<>(
                                                    count,
                                                    results.stream()
                                                            .map(Views::fileAnalytics)
                                                            .toList()),
                                            range,
                                            totals,
                                            days,
                                            top.stream().map(Views::topFile).toList());
                                }))));
    }

    /** One file's analytics, or null when the user has no such file. */
    public Uni<FileAnalyticsDetail> ofFile(UUID user, UUID fileId, Range range) {
        return files.findExisting(user, fileId)
                .chain(f -> f == null
                        ? Uni.createFrom().nullItem()
                        : files.dailyOfFile(user, fileId, range.from(), range.to())
                                .map(daily -> {
                                    Views.FileAnalytics a = Views.fileAnalytics(f);
                                    return new FileAnalyticsDetail(
                                            a.fileId(),
                                            a.filename(),
                                            a.mimeType(),
                                            a.category(),
                                            a.fileSize(),
                                            a.folder(),
                                            a.isTrashed(),
                                            a.downloads(),
                                            a.shareViews(),
                                            a.shareDownloads(),
                                            a.totalAccesses(),
                                            a.lastAccessed(),
                                            a.createdAt(),
                                            range.from(),
                                            range.to(),
                                            everyDay(range, daily, Views::fileDay, d -> new FileDay(d, 0, 0, 0)));
                                }));
    }

    /** One entry per day of the range, days without accesses included. */
    private static <T> List<T> everyDay(
            Range range, List<Totals> rows, Function<Totals, T> present, Function<LocalDate, T> empty) {
        Map<LocalDate, Totals> byDay = new HashMap<>();
        rows.forEach(t -> byDay.put(t.day(), t));
        List<T> out = new ArrayList<>();
        for (LocalDate d = range.from(); !d.isAfter(range.to()); d = d.plusDays(1)) {
            Totals t = byDay.get(d);
            out.add(t == null ? empty.apply(d) : present.apply(t));
        }
        return out;
    }

    private static long sum(List<Totals> rows, java.util.function.ToLongFunction<Totals> f) {
        return rows.stream().mapToLong(f).sum();
    }
}
