package dev.depot.processing.derive;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/**
 * The two EXIF facts a drive shows, read from a JPEG's APP1 segment without decoding the image:
 * the orientation (to show the picture upright) and when it was taken. Malformed EXIF is ignored.
 */
record Exif(int orientation, Instant takenAt) {

    static final Exif NONE = new Exif(1, null);

    private static final int TAG_ORIENTATION = 0x0112;
    private static final int TAG_EXIF_IFD = 0x8769;
    private static final int TAG_DATE_TIME_ORIGINAL = 0x9003;
    /** EXIF sits in the first segments; this much of the file is read at most. */
    private static final int MAX_HEADER = 256 * 1024;

    static Exif ofJpeg(Path file) {
        try (InputStream raw = Files.newInputStream(file);
                DataInputStream in = new DataInputStream(new java.io.BufferedInputStream(raw))) {
            if (in.readUnsignedShort() != 0xFFD8) {
                return NONE;
            }
            int read = 2;
            while (read < MAX_HEADER) {
                int marker = in.readUnsignedShort();
                if ((marker & 0xFF00) != 0xFF00 || marker == 0xFFDA || marker == 0xFFD9) {
                    return NONE;
                }
                int length = in.readUnsignedShort();
                byte[] segment = new byte[length - 2];
                in.readFully(segment);
                read += length + 2;
                if (marker == 0xFFE1
                        && segment.length > 14
                        && new String(segment, 0, 6, StandardCharsets.ISO_8859_1).equals("Exif\0\0")) {
                    return parseTiff(
                            ByteBuffer.wrap(segment, 6, segment.length - 6).slice());
                }
            }
        } catch (IOException | RuntimeException e) {
            return NONE;
        }
        return NONE;
    }

    private static Exif parseTiff(ByteBuffer tiff) {
        tiff.order(tiff.getShort(0) == 0x4949 ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
        int orientation = 1;
        Instant taken = null;
        int ifd0 = tiff.getInt(4);
        int entries = tiff.getShort(ifd0) & 0xFFFF;
        int exifIfd = -1;
        for (int i = 0; i < entries; i++) {
            int at = ifd0 + 2 + i * 12;
            int tag = tiff.getShort(at) & 0xFFFF;
            if (tag == TAG_ORIENTATION) {
                orientation = tiff.getShort(at + 8) & 0xFFFF;
            } else if (tag == TAG_EXIF_IFD) {
                exifIfd = tiff.getInt(at + 8);
            }
        }
        if (exifIfd > 0) {
            int n = tiff.getShort(exifIfd) & 0xFFFF;
            for (int i = 0; i < n; i++) {
                int at = exifIfd + 2 + i * 12;
                if ((tiff.getShort(at) & 0xFFFF) == TAG_DATE_TIME_ORIGINAL) {
                    int count = tiff.getInt(at + 4);
                    int offset = tiff.getInt(at + 8);
                    byte[] text = new byte[Math.min(count, 19)];
                    tiff.get(offset, text);
                    taken = date(new String(text, StandardCharsets.US_ASCII));
                }
            }
        }
        return new Exif(orientation < 1 || orientation > 8 ? 1 : orientation, taken);
    }

    /** EXIF dates have no zone; they are read as UTC, which is what a drive can honestly say. */
    private static Instant date(String text) {
        try {
            return LocalDateTime.parse(text, DateTimeFormatter.ofPattern("yyyy:MM:dd HH:mm:ss"))
                    .toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
