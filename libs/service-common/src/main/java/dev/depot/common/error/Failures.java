package dev.depot.common.error;

/** Recognising database failures that are really answers for the caller. */
public final class Failures {

    private Failures() {}

    /** A unique constraint said no (PostgreSQL SQLSTATE 23505), wherever it sits in the cause chain. */
    public static boolean isUniqueViolation(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String message = t.getMessage();
            if (message != null && (message.contains("23505") || message.contains("duplicate key value"))) {
                return true;
            }
        }
        return false;
    }
}
