package dev.depot.common.web;

import java.util.List;
import java.util.function.Function;

/** A page of a list, as every list endpoint answers: {@code {count, next, previous, results}}. */
public record Page<T>(long count, String next, String previous, List<T> results) {

    public <R> Page<R> map(Function<T, R> mapper) {
        return new Page<>(count, next, previous, results.stream().map(mapper).toList());
    }
}
