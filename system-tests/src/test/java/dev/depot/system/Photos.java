package dev.depot.system;

import static io.restassured.RestAssured.given;

import io.restassured.response.Response;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Random;
import javax.imageio.ImageIO;

/** What the tests of the worker share: pictures worth decoding, and waiting for the worker's verdict on one. */
final class Photos {

    private Photos() {}

    /** A picture with noise in it, so that it is as costly to decode as a photo of its size. */
    static byte[] noisyPng(int w, int h, long seed) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(Color.DARK_GRAY);
        g.fillRect(0, 0, w, h);
        g.dispose();
        Random random = new Random(seed);
        for (int y = 0; y < h; y += 2) {
            for (int x = 0; x < w; x += 2) {
                img.setRGB(x, y, random.nextInt());
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(img, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The file as the API shows it once the worker is done with it (completed, skipped or failed); 90 s at most. */
    static Response awaitProcessed(String gateway, String token, String id) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (true) {
            Response r = given().baseUri(gateway).auth().oauth2(token).get("/api/cdn/files/" + id + "/");
            r.then().statusCode(200);
            String status = r.path("processing_status");
            if (!"pending".equals(status) && !"processing".equals(status)) {
                return r;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("file " + id + " still " + status + " after 90 s");
            }
            Thread.sleep(250);
        }
    }
}
