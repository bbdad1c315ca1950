package dev.depot.processing.derive;

import dev.depot.processing.config.ProcessingConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import javax.imageio.IIOException;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Thumbnails and previews of images. The size comes from the header first, so a pixel flood is refused
 * before a byte of it is decoded; large images are decoded subsampled, near the preview's size, so
 * memory per job stays around a few preview-sized images whatever the file.
 */
@ApplicationScoped
public class ImageDeriver {

    public static final Set<String> TYPES =
            Set.of("image/jpeg", "image/png", "image/gif", "image/bmp", "image/x-ms-bmp", "image/webp", "image/tiff");

    private final ProcessingConfig config;

    public ImageDeriver(ProcessingConfig config) {
        this.config = config;
        // The decoders of TwelveMonkeys (WebP, better JPEG) register through the class path.
        ImageIO.scanForPlugins();
        ImageIO.setUseCache(false);
    }

    public Derived derive(Path file, String mimeType, Watchdog watchdog) throws Refused, IOException {
        Exif exif = "image/jpeg".equals(mimeType) ? Exif.ofJpeg(file) : Exif.NONE;
        BufferedImage decoded;
        int width;
        int height;
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            if (in == null) {
                throw new IOException("cannot open " + file);
            }
            Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
            if (!readers.hasNext()) {
                throw new Refused("not a readable image");
            }
            ImageReader reader = readers.next();
            watchdog.onFire(reader::abort);
            List<String> warnings = new ArrayList<>();
            reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
            try {
                reader.setInput(in, true, true);
                width = reader.getWidth(0);
                height = reader.getHeight(0);
                if (width <= 0 || height <= 0 || (long) width * height > config.maxPixels()) {
                    throw new Refused("image of " + width + " x " + height + " pixels is over the limit of "
                            + config.maxPixels() + " pixels");
                }
                ImageReadParam param = reader.getDefaultReadParam();
                int step = Math.max(1, Math.max(width, height) / config.previewSize());
                param.setSourceSubsampling(step, step, 0, 0);
                decoded = reader.read(0, param);
            } catch (IIOException | IndexOutOfBoundsException | IllegalArgumentException e) {
                watchdog.check();
                throw new Refused("malformed image: " + e.getMessage(), e);
            } finally {
                reader.dispose();
            }
            watchdog.check();
            if (decoded == null) {
                throw new Refused("the image decoded to nothing");
            }
            for (String w : warnings) {
                // libjpeg fills a cut-off image with grey and only warns: a broken file, not a picture.
                if (w.contains("Premature end") || w.toLowerCase().contains("truncated")) {
                    throw new Refused("truncated image: " + w);
                }
            }
        }
        BufferedImage upright = Images.orient(decoded, exif.orientation());
        BufferedImage preview = Images.fit(upright, config.previewSize());
        watchdog.check();
        BufferedImage thumbnail = Images.fit(preview, config.thumbnailSize());
        boolean turned = exif.orientation() >= 5;
        return new Derived(
                Images.jpeg(thumbnail),
                Images.jpeg(preview),
                turned ? height : width,
                turned ? width : height,
                exif.takenAt(),
                null,
                null);
    }
}
