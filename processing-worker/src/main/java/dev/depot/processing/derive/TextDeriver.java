package dev.depot.processing.derive;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/** The start of a text file, as a short preview: only its first bytes are read. */
@ApplicationScoped
public class TextDeriver {

    public static final Set<String> EXTRA_TYPES = Set.of(
            "application/json",
            "application/xml",
            "application/javascript",
            "application/x-sh",
            "application/x-yaml",
            "application/yaml");
    static final int MAX_CHARS = 500;
    static final int READ_BYTES = 4 * MAX_CHARS;

    public static boolean handles(String mimeType) {
        return mimeType.startsWith("text/") || EXTRA_TYPES.contains(mimeType);
    }

    public Derived derive(Path file) throws IOException {
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(READ_BYTES);
        }
        CharsetDecoder utf8 = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        CharBuffer chars = CharBuffer.allocate(READ_BYTES);
        utf8.decode(ByteBuffer.wrap(head), chars, false);
        chars.flip();
        StringBuilder text = new StringBuilder(MAX_CHARS);
        while (chars.hasRemaining() && text.length() < MAX_CHARS) {
            char c = chars.get();
            // Control characters would garble a UI; new lines and tabs are kept.
            if (c == '\n' || c == '\t' || !Character.isISOControl(c)) {
                text.append(c);
            }
        }
        return Derived.text(text.toString());
    }
}
