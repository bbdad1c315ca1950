package dev.depot.common.web;

import dev.depot.common.error.ParameterException;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.MatrixParam;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.ext.ParamConverter;
import jakarta.ws.rs.ext.ParamConverterProvider;
import jakarta.ws.rs.ext.Provider;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.util.UUID;
import java.util.function.Function;
import org.jboss.resteasy.reactive.RestCookie;
import org.jboss.resteasy.reactive.RestForm;
import org.jboss.resteasy.reactive.RestHeader;
import org.jboss.resteasy.reactive.RestPath;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * Converts the parameter types resources declare (whole numbers and UUIDs) so that a value that does
 * not convert is answered in the envelope naming the parameter: 400 for a query, header, form or
 * cookie parameter ({@code ?page=abc}), 404 for a path segment (no resource can have that id).
 * Without this, RESTEasy Reactive answers a bad query parameter with a bare 404, as JAX-RS says, and
 * nobody can tell which parameter was wrong.
 */
@Provider
public class StrictParameters implements ParamConverterProvider {

    @Override
    @SuppressWarnings("unchecked")
    public <T> ParamConverter<T> getConverter(Class<T> rawType, Type genericType, Annotation[] annotations) {
        if (rawType == Integer.class || rawType == int.class) {
            return (ParamConverter<T>) converter(annotations, "must be a whole number", Integer::valueOf);
        }
        if (rawType == Long.class || rawType == long.class) {
            return (ParamConverter<T>) converter(annotations, "must be a whole number", Long::valueOf);
        }
        if (rawType == UUID.class) {
            return (ParamConverter<T>) converter(annotations, "must be a UUID", StrictParameters::uuid);
        }
        return null;
    }

    /** UUID.fromString takes forms such as "1-2-3-4-5"; only the canonical 36 characters are ids. */
    private static UUID uuid(String value) {
        if (value.length() != 36) {
            throw new IllegalArgumentException("not a UUID");
        }
        return UUID.fromString(value);
    }

    private static <T> ParamConverter<T> converter(
            Annotation[] annotations, String problem, Function<String, T> parse) {
        Source source = source(annotations);
        return new ParamConverter<>() {
            @Override
            public T fromString(String value) {
                if (value == null) {
                    return null;
                }
                try {
                    return parse.apply(value.trim());
                } catch (IllegalArgumentException e) {
                    // NumberFormatException included: the value, not the server, is at fault.
                    throw new ParameterException(source.path ? 404 : 400, source.name, problem);
                }
            }

            @Override
            public String toString(T value) {
                return value == null ? null : value.toString();
            }
        };
    }

    private record Source(String name, boolean path) {}

    /** The parameter's name as the request spells it, from the annotation that binds it. */
    private static Source source(Annotation[] annotations) {
        for (Annotation a : annotations == null ? new Annotation[0] : annotations) {
            String name = a instanceof QueryParam q
                    ? q.value()
                    : a instanceof RestQuery q
                            ? q.value()
                            : a instanceof HeaderParam h
                                    ? h.value()
                                    : a instanceof RestHeader h
                                            ? h.value()
                                            : a instanceof FormParam f
                                                    ? f.value()
                                                    : a instanceof RestForm f
                                                            ? f.value()
                                                            : a instanceof CookieParam c
                                                                    ? c.value()
                                                                    : a instanceof RestCookie c
                                                                            ? c.value()
                                                                            : a instanceof MatrixParam m
                                                                                    ? m.value()
                                                                                    : a instanceof PathParam p
                                                                                            ? p.value()
                                                                                            : a instanceof RestPath p
                                                                                                    ? p.value()
                                                                                                    : null;
            if (name != null) {
                boolean path = a instanceof PathParam || a instanceof RestPath;
                return new Source(name.isEmpty() ? "parameter" : name, path);
            }
        }
        return new Source("parameter", false);
    }
}
