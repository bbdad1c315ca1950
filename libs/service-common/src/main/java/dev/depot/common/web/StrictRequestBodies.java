package dev.depot.common.web;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import jakarta.ws.rs.ext.ContextResolver;
import jakarta.ws.rs.ext.Provider;

/**
 * The mapper that reads request bodies: the application's own, except that a field the request
 * does not know is an error (400 naming it, see ErrorMappers) rather than silently dropped, so
 * that a client sending {@code folderId} where {@code folder_id} is meant learns of it. Only
 * bodies sent to this service's resources are read with it; events and other services' answers
 * keep tolerating fields they do not know, as consumers of a growing contract must. A number or a
 * boolean where text is expected ({@code "name": 12}) is a wrong type too, not text to be made of it,
 * and so is a number where true or false is expected. A field given twice is refused as well: which
 * of the two counts is not the client's to guess, and a record's creator cannot take it twice.
 */
@Provider
public class StrictRequestBodies implements ContextResolver<ObjectMapper> {

    private final ObjectMapper strict;

    public StrictRequestBodies(ObjectMapper application) {
        this.strict = application
                .copy()
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
        strict.getFactory().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        strict.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
        strict.coercionConfigFor(LogicalType.Boolean)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
    }

    @Override
    public ObjectMapper getContext(Class<?> type) {
        return strict;
    }
}
