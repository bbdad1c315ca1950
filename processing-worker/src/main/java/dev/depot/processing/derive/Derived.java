package dev.depot.processing.derive;

import java.time.Instant;

/** What a job made of a file: JPEG bytes of the thumbnail and preview, and what is worth showing. */
public record Derived(
        byte[] thumbnail,
        byte[] preview,
        Integer width,
        Integer height,
        Instant takenAt,
        Integer pageCount,
        String textPreview) {

    static Derived text(String preview) {
        return new Derived(null, null, null, null, null, null, preview);
    }
}
