import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.File;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * A corpus of distinct 12 MP (4000 x 3000) JPEGs, shaped like photos: smooth light, shapes and
 * sensor-like noise, quality 90, a few MB each.
 *
 * java bench/MakePhotos.java COUNT DIR
 */
public class MakePhotos {

    public static void main(String[] args) throws Exception {
        int count = Integer.parseInt(args[0]);
        File dir = new File(args[1]);
        dir.mkdirs();
        ExecutorService pool = Executors.newFixedThreadPool(Runtime.getRuntime().availableProcessors());
        for (int i = 0; i < count; i++) {
            int n = i;
            pool.submit(() -> {
                try {
                    write(photo(n), new File(dir, String.format("photo-%03d.jpg", n)));
                } catch (Exception e) {
                    e.printStackTrace();
                }
            });
        }
        pool.shutdown();
        pool.awaitTermination(1, TimeUnit.HOURS);
    }

    static BufferedImage photo(long seed) {
        int w = 4000;
        int h = 3000;
        Random r = new Random(seed);
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setPaint(new GradientPaint(0, 0, new Color(r.nextInt(0xFFFFFF)), w, h, new Color(r.nextInt(0xFFFFFF))));
        g.fillRect(0, 0, w, h);
        for (int i = 0; i < 40; i++) {
            g.setColor(new Color(r.nextInt(256), r.nextInt(256), r.nextInt(256), 80 + r.nextInt(120)));
            int s = 100 + r.nextInt(900);
            g.fillOval(r.nextInt(w), r.nextInt(h), s, s * (50 + r.nextInt(100)) / 100);
        }
        g.dispose();
        int[] row = new int[w];
        for (int y = 0; y < h; y++) {
            img.getRGB(0, y, w, 1, row, 0, w);
            for (int x = 0; x < w; x++) {
                int d = r.nextInt(17) - 8;
                int p = row[x];
                row[x] = (clamp((p >> 16 & 255) + d) << 16) | (clamp((p >> 8 & 255) + d) << 8) | clamp((p & 255) + d);
            }
            img.setRGB(0, y, w, 1, row, 0, w);
        }
        return img;
    }

    static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }

    static void write(BufferedImage img, File file) throws Exception {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        try (ImageOutputStream out = ImageIO.createImageOutputStream(file)) {
            writer.setOutput(out);
            ImageWriteParam p = writer.getDefaultWriteParam();
            p.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
            p.setCompressionQuality(0.9f);
            writer.write(null, new IIOImage(img, null, null), p);
        } finally {
            writer.dispose();
        }
    }
}
