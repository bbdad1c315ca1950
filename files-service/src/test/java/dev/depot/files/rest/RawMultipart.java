package dev.depot.files.rest;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;

/**
 * Multipart bodies written byte for byte, as a hostile or broken client would send them: header
 * values in raw UTF-8 (control characters included), wrong boundaries, bodies cut short. RestAssured
 * encodes and completes what it is given, so it cannot send these.
 */
final class RawMultipart {

    static final String BOUNDARY = "depot-test-boundary";

    private final ByteArrayOutputStream body = new ByteArrayOutputStream();

    /** A file part whose Content-Disposition carries {@code filename} exactly as given. */
    RawMultipart file(String name, String filename, byte[] bytes) {
        write("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + name + "\"; filename=\"" + filename
                + "\"\r\nContent-Type: application/octet-stream\r\n\r\n");
        body.writeBytes(bytes);
        write("\r\n");
        return this;
    }

    RawMultipart field(String name, String value) {
        write("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + name + "\"\r\n\r\n" + value + "\r\n");
        return this;
    }

    byte[] end() {
        write("--" + BOUNDARY + "--\r\n");
        return body.toByteArray();
    }

    private void write(String s) {
        body.writeBytes(s.getBytes(StandardCharsets.UTF_8));
    }

    /** POSTs {@code bytes} with {@code contentType} (null: none), signed in with {@code token} when not null. */
    static HttpResponse<String> post(URI base, String path, String token, String contentType, byte[] bytes) {
        HttpRequest.Builder b =
                HttpRequest.newBuilder(base.resolve(path)).POST(HttpRequest.BodyPublishers.ofByteArray(bytes));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        try {
            return HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .build()
                    .send(b.build(), HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static String type() {
        return "multipart/form-data; boundary=" + BOUNDARY;
    }
}
