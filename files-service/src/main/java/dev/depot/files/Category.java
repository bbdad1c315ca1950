package dev.depot.files;

import java.util.Arrays;
import java.util.Locale;
import java.util.Set;

/** The kinds of file the drive groups by: in listings ({@code type=}) and in storage statistics. */
public enum Category {
    IMAGES("Images"),
    VIDEOS("Videos"),
    AUDIO("Audio"),
    DOCUMENTS("Documents"),
    ARCHIVES("Archives"),
    OTHERS("Others");

    private static final Set<String> DOCUMENT_TYPES = Set.of(
            "application/pdf",
            "application/msword",
            "application/rtf",
            "application/epub+zip",
            "application/json",
            "application/xml",
            "application/vnd.ms-excel",
            "application/vnd.ms-powerpoint");
    private static final Set<String> ARCHIVE_TYPES = Set.of(
            "application/zip",
            "application/x-tar",
            "application/gzip",
            "application/x-gzip",
            "application/x-7z-compressed",
            "application/x-rar-compressed",
            "application/vnd.rar",
            "application/x-bzip2",
            "application/x-xz",
            "application/zstd",
            "application/java-archive");

    private final String label;

    Category(String label) {
        this.label = label;
    }

    /** The name used on the wire: "images", "documents", ... */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    public String label() {
        return label;
    }

    public static Category of(String mimeType) {
        String m = mimeType == null
                ? ""
                : mimeType.toLowerCase(Locale.ROOT).split(";")[0].trim();
        if (m.startsWith("image/")) {
            return IMAGES;
        }
        if (m.startsWith("video/")) {
            return VIDEOS;
        }
        if (m.startsWith("audio/")) {
            return AUDIO;
        }
        if (m.startsWith("text/")
                || DOCUMENT_TYPES.contains(m)
                || m.startsWith("application/vnd.openxmlformats")
                || m.startsWith("application/vnd.oasis.opendocument")) {
            return DOCUMENTS;
        }
        if (ARCHIVE_TYPES.contains(m)) {
            return ARCHIVES;
        }
        return OTHERS;
    }

    /** The category for a {@code type} filter value; null when there is no such category. */
    public static Category fromKey(String key) {
        return Arrays.stream(values())
                .filter(c -> c.key().equals(key))
                .findFirst()
                .orElse(null);
    }
}
