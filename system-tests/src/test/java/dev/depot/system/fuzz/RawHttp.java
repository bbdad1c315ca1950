package dev.depot.system.fuzz;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 over a plain socket, one request per connection. A client library would refuse or repair
 * what the fuzzer sends on purpose (a NUL in a header, a Content-Type without boundary, a body that
 * is not what Content-Length says), so the bytes are written as they are.
 */
public final class RawHttp {

    private static final int KEEP = 64 * 1024;

    private RawHttp() {}

    public static final class Request {
        public final String method;
        public final String target;
        public final List<String[]> headers = new ArrayList<>();
        public byte[] body = new byte[0];
        /** False when the fuzzer frames the body itself (its own Content-Length or Transfer-Encoding). */
        public boolean contentLength = true;

        public Request(String method, String target) {
            this.method = method;
            this.target = target;
        }

        public Request header(String name, String value) {
            headers.add(new String[] {name, value});
            return this;
        }

        public boolean has(String name) {
            return headers.stream().anyMatch(h -> h[0].equalsIgnoreCase(name));
        }

        public Request without(String name) {
            headers.removeIf(h -> h[0].equalsIgnoreCase(name));
            return this;
        }

        byte[] head(String host) {
            StringBuilder b = new StringBuilder()
                    .append(method)
                    .append(' ')
                    .append(target)
                    .append(" HTTP/1.1\r\n");
            b.append("Host: ").append(host).append("\r\n");
            for (String[] h : headers) {
                b.append(h[0]).append(": ").append(h[1]).append("\r\n");
            }
            if (contentLength && (body.length > 0 || !method.equals("GET") && !method.equals("HEAD"))) {
                b.append("Content-Length: ").append(body.length).append("\r\n");
            }
            b.append("Connection: close\r\n\r\n");
            return b.toString().getBytes(StandardCharsets.UTF_8);
        }

        /** The request as a person can read it back: header values and body cut short, unprintable characters escaped. */
        public String describe() {
            StringBuilder b = new StringBuilder().append(method).append(' ').append(printable(target, 400));
            for (String[] h : headers) {
                b.append("\n    ").append(h[0]).append(": ").append(printable(h[1], 200));
            }
            if (body.length > 0) {
                b.append("\n    body (")
                        .append(body.length)
                        .append(" bytes): ")
                        .append(printable(
                                new String(body, 0, Math.min(body.length, 600), StandardCharsets.UTF_8), 600));
            }
            return b.toString();
        }
    }

    public record Answer(int status, Map<String, String> headers, byte[] body, long millis, String failure) {

        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }

        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    public static Answer send(String host, int port, Request request, int timeoutMillis) {
        long start = System.nanoTime();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 5_000);
            socket.setSoTimeout(timeoutMillis);
            OutputStream out = socket.getOutputStream();
            String writeFailure = null;
            try {
                out.write(request.head(host + ":" + port));
                out.write(request.body);
                out.flush();
            } catch (IOException e) {
                // The server may answer (413, 431, 400) and close before reading everything: read what it said.
                writeFailure = e.toString();
            }
            try {
                return read(socket.getInputStream(), request.method.equals("HEAD"), start);
            } catch (SocketTimeoutException e) {
                return new Answer(0, Map.of(), new byte[0], millis(start), "no answer within " + timeoutMillis + " ms");
            } catch (IOException e) {
                return new Answer(
                        0,
                        Map.of(),
                        new byte[0],
                        millis(start),
                        "connection ended without an answer: " + e
                                + (writeFailure == null ? "" : " (writing: " + writeFailure + ")"));
            }
        } catch (IOException e) {
            return new Answer(0, Map.of(), new byte[0], millis(start), "cannot connect: " + e);
        }
    }

    private static Answer read(InputStream raw, boolean head, long start) throws IOException {
        InputStream in = new java.io.BufferedInputStream(raw);
        while (true) {
            String status = line(in);
            if (status == null) {
                throw new IOException("closed before a status line");
            }
            String[] parts = status.split(" ", 3);
            if (parts.length < 2 || !parts[0].startsWith("HTTP/")) {
                throw new IOException("not an HTTP status line: " + printable(status, 100));
            }
            int code = Integer.parseInt(parts[1]);
            Map<String, String> headers = new LinkedHashMap<>();
            for (String h = line(in); h != null && !h.isEmpty(); h = line(in)) {
                int colon = h.indexOf(':');
                if (colon > 0) {
                    headers.merge(
                            h.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                            h.substring(colon + 1).trim(),
                            (a, b) -> a + ", " + b);
                }
            }
            if (code >= 100 && code < 200) {
                continue;
            }
            byte[] body;
            if (head || code == 204 || code == 304) {
                body = new byte[0];
            } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
                body = chunked(in);
            } else if (headers.containsKey("content-length")) {
                body = limited(in, Long.parseLong(headers.get("content-length")));
            } else {
                body = limited(in, Long.MAX_VALUE);
            }
            return new Answer(code, headers, body, millis(start), null);
        }
    }

    private static byte[] chunked(InputStream in) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String size = line(in);
            if (size == null) {
                throw new IOException("chunked body cut short");
            }
            int semi = size.indexOf(';');
            long n = Long.parseLong((semi < 0 ? size : size.substring(0, semi)).trim(), 16);
            if (n == 0) {
                while (true) {
                    String trailer = line(in);
                    if (trailer == null || trailer.isEmpty()) {
                        return body.toByteArray();
                    }
                }
            }
            byte[] chunk = limited(in, n);
            if (body.size() < KEEP) {
                body.write(chunk, 0, Math.min(chunk.length, KEEP - body.size()));
            }
            line(in);
        }
    }

    /** Reads {@code n} bytes (or to the end), keeping the first {@link #KEEP}. */
    private static byte[] limited(InputStream in, long n) throws IOException {
        ByteArrayOutputStream kept = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        long left = n;
        while (left > 0) {
            int read = in.read(buf, 0, (int) Math.min(buf.length, left));
            if (read < 0) {
                if (n == Long.MAX_VALUE) {
                    break;
                }
                throw new IOException("body cut short: " + (n - left) + " of " + n + " bytes");
            }
            if (kept.size() < KEEP) {
                kept.write(buf, 0, Math.min(read, KEEP - kept.size()));
            }
            left -= read;
        }
        return kept.toByteArray();
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                byte[] bytes = b.toByteArray();
                int len = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, len, StandardCharsets.ISO_8859_1);
            }
            b.write(c);
        }
        return b.size() == 0 ? null : b.toString(StandardCharsets.ISO_8859_1);
    }

    private static long millis(long start) {
        return (System.nanoTime() - start) / 1_000_000;
    }

    /** Control and format characters (bidi overrides included) as \\uXXXX; long text cut with its length. */
    public static String printable(String s, int max) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length() && b.length() < max; i++) {
            char c = s.charAt(i);
            int type = Character.getType(c);
            if (c < 0x20
                    || c == 0x7f
                    || type == Character.FORMAT
                    || type == Character.SURROGATE
                    || type == Character.NON_SPACING_MARK) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        if (b.length() >= max) {
            b.append("... (").append(s.length()).append(" chars)");
        }
        return b.toString();
    }
}
