package dev.depot.system.fuzz;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A multipart/form-data body as parts the fuzzer can drop, repeat or spoil before it is written. */
final class Multipart {

    record Part(List<String> headers, byte[] content) {

        static Part field(String name, String value) {
            return new Part(
                    new ArrayList<>(List.of("Content-Disposition: form-data; name=\"" + name + "\"")),
                    value.getBytes(StandardCharsets.UTF_8));
        }

        static Part file(String name, String filename, String type, byte[] content) {
            return new Part(
                    new ArrayList<>(List.of(
                            "Content-Disposition: form-data; name=\"" + name + "\"; filename=\"" + filename + "\"",
                            "Content-Type: " + type)),
                    content);
        }
    }

    final List<Part> parts = new ArrayList<>();
    String boundary;
    boolean closed = true;

    Multipart(String boundary) {
        this.boundary = boundary;
    }

    byte[] bytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (Part p : parts) {
            out.writeBytes(("--" + boundary + "\r\n").getBytes(StandardCharsets.UTF_8));
            for (String h : p.headers()) {
                out.writeBytes((h + "\r\n").getBytes(StandardCharsets.UTF_8));
            }
            out.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
            out.writeBytes(p.content());
            out.writeBytes("\r\n".getBytes(StandardCharsets.UTF_8));
        }
        if (closed) {
            out.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }
}
