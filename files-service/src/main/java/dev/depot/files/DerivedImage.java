package dev.depot.files;

import java.util.Locale;

/** The images processing-worker makes of a file's content: JPEGs in the blob store. */
public enum DerivedImage {
    THUMBNAIL,
    PREVIEW;

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** "thumbnail" or "preview"; null for anything else. */
    public static DerivedImage of(String key) {
        for (DerivedImage d : values()) {
            if (d.key().equals(key)) {
                return d;
            }
        }
        return null;
    }
}
