package dev.depot.common.web;

import java.util.List;

/**
 * One page of a list and how many there are in all, as a service finds them: the {@link Page} a
 * client gets adds the links to its neighbours, which the resource answering builds from the request
 * (see PageRequest#page).
 */
public record PageResults<T>(long count, List<T> results) {}
