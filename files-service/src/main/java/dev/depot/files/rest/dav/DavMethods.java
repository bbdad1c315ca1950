package dev.depot.files.rest.dav;

import jakarta.ws.rs.HttpMethod;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/** The HTTP methods WebDAV adds (RFC 4918), as JAX-RS method designators. */
final class DavMethods {

    private DavMethods() {}

    @Target(ElementType.METHOD)
    @Retention(RetentionPolicy.RUNTIME)
    @HttpMethod("PROPFIND")
    @interface PROPFIND {}

    @Target(ElementType.METHOD)
    @Retention(RetentionPolicy.RUNTIME)
    @HttpMethod("PROPPATCH")
    @interface PROPPATCH {}

    @Target(ElementType.METHOD)
    @Retention(RetentionPolicy.RUNTIME)
    @HttpMethod("MKCOL")
    @interface MKCOL {}

    @Target(ElementType.METHOD)
    @Retention(RetentionPolicy.RUNTIME)
    @HttpMethod("COPY")
    @interface COPY {}

    @Target(ElementType.METHOD)
    @Retention(RetentionPolicy.RUNTIME)
    @HttpMethod("MOVE")
    @interface MOVE {}

    @Target(ElementType.METHOD)
    @Retention(RetentionPolicy.RUNTIME)
    @HttpMethod("LOCK")
    @interface LOCK {}

    @Target(ElementType.METHOD)
    @Retention(RetentionPolicy.RUNTIME)
    @HttpMethod("UNLOCK")
    @interface UNLOCK {}
}
