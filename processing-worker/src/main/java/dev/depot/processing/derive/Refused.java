package dev.depot.processing.derive;

/** The file cannot be processed and trying again will not help: malformed, too large, too slow. */
public class Refused extends Exception {

    public Refused(String message) {
        super(message);
    }

    public Refused(String message, Throwable cause) {
        super(message, cause);
    }
}
