package dev.depot.events.payload;

/**
 * Data of external.uploaded: a file passed through to the external upload host, keyed by its owner.
 *
 * @param status   the HTTP status the host answered with
 * @param attempts how many tries it took (failed ones are retried with back-off)
 */
public record ExternalUploadPayload(String filename, long fileSize, int status, int attempts) {}
