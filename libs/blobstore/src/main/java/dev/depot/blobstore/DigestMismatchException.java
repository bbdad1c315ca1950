package dev.depot.blobstore;

import java.io.IOException;

/** The bytes given to {@link BlobStore#put(java.io.InputStream, String)} hash to another SHA-256. */
public class DigestMismatchException extends IOException {

    private final String expected;
    private final String actual;

    public DigestMismatchException(String expected, String actual) {
        super("the bytes' SHA-256 is " + actual + ", not the expected " + expected);
        this.expected = expected;
        this.actual = actual;
    }

    public String expected() {
        return expected;
    }

    public String actual() {
        return actual;
    }
}
