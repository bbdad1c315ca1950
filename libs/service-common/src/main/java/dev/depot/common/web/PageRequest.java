package dev.depot.common.web;

import dev.depot.common.error.ApiException;
import io.quarkus.hibernate.reactive.panache.PanacheQuery;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.core.UriInfo;
import java.util.List;

/**
 * {@code page} (1-based) and {@code page_size} (default 20; more than 100 is taken as 100, as
 * Django REST framework's paginators do), checked.
 */
public record PageRequest(int page, int size) {

    public static final int DEFAULT_SIZE = 20;
    public static final int MAX_SIZE = 100;

    public static PageRequest of(Integer page, Integer pageSize) {
        int p = page == null ? 1 : page;
        int s = pageSize == null ? DEFAULT_SIZE : pageSize;
        if (p < 1) {
            throw ApiException.validation("page must be 1 or more");
        }
        if (s < 1) {
            throw ApiException.validation(
                    "page_size must be 1 or more", java.util.Map.of("page_size", "must be 1 or more"));
        }
        return new PageRequest(p, Math.min(s, MAX_SIZE));
    }

    /** Where the page starts; a long, since a huge page number times the size passes an int. */
    public long offset() {
        return (long) (page - 1) * size;
    }

    /** Counts what the query finds and fetches this page of it; a page past the end is empty. */
    public <T> Uni<Page<T>> fetch(PanacheQuery<T> query, UriInfo uri) {
        return fetch(query).map(found -> page(found, uri));
    }

    /** As {@link #fetch(PanacheQuery, UriInfo)} without the links, for a service: the resource adds them. */
    public <T> Uni<PageResults<T>> fetch(PanacheQuery<T> query) {
        return query.count()
                .chain(count -> offset() >= count
                        ? Uni.createFrom().item(new PageResults<>(count, List.<T>of()))
                        : query.page(page - 1, size).list().map(results -> new PageResults<>(count, results)));
    }

    /** The page a service found, with links to its neighbours (see {@link #page(long, List, UriInfo)}). */
    public <T> Page<T> page(PageResults<T> found, UriInfo uri) {
        return page(found.count(), found.results(), uri);
    }

    /**
     * The page with links to its neighbours, built from the request's own URL so filters carry over,
     * at the public address the gateway saw (PublicAddress), never this service's own.
     */
    public <T> Page<T> page(long count, List<T> results, UriInfo uri) {
        String next = (long) page * size < count ? link(uri, page + 1) : null;
        String previous = page > 1 ? link(uri, page - 1) : null;
        return new Page<>(count, next, previous, results);
    }

    private String link(UriInfo uri, int target) {
        return PublicAddress.get()
                .of(uri.getRequestUriBuilder().replaceQueryParam("page", target).build())
                .toString();
    }
}
