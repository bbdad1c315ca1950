package dev.depot.common.error;

import jakarta.ws.rs.WebApplicationException;

/**
 * A request parameter (query, path, header, form or cookie) that does not convert to its declared
 * type. A WebApplicationException, so that RESTEasy Reactive passes it on as it is instead of turning
 * it into a bare 404 (query and path) or 400 (the others); ErrorMappers answers it in the envelope,
 * naming the parameter.
 */
public class ParameterException extends WebApplicationException {

    private final String name;
    private final String problem;

    public ParameterException(int status, String name, String problem) {
        super(name + " " + problem, null, status);
        this.name = name;
        this.problem = problem;
    }

    public String name() {
        return name;
    }

    public String problem() {
        return problem;
    }
}
