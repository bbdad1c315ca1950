package dev.depot.files;

import java.util.Locale;

/** How much someone may do with a file or folder, weakest first; the owner may do everything. */
public enum Level {
    VIEW,
    DOWNLOAD,
    EDIT,
    ADMIN,
    OWNER;

    /** The name used on the wire and in share_grant: "view", "download", ... */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    public boolean atLeast(Level other) {
        return compareTo(other) >= 0;
    }

    /** A level a user share can grant (view, download, edit or admin); null for anything else. */
    public static Level grantable(String key) {
        if (key == null) {
            return null;
        }
        return switch (key.toLowerCase(Locale.ROOT)) {
            case "view" -> VIEW;
            case "download" -> DOWNLOAD;
            case "edit" -> EDIT;
            case "admin" -> ADMIN;
            default -> null;
        };
    }
}
