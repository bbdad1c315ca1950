package dev.depot.processing.derive;

import dev.depot.processing.config.ProcessingConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.common.PDRectangle;
import org.apache.pdfbox.rendering.ImageType;
import org.apache.pdfbox.rendering.PDFRenderer;

/** The first page of a PDF, rendered straight at preview size, and the page count. */
@ApplicationScoped
public class PdfDeriver {

    private final ProcessingConfig config;

    public PdfDeriver(ProcessingConfig config) {
        this.config = config;
    }

    public Derived derive(Path file, Watchdog watchdog) throws Refused {
        // Loading reads the file through a buffered window, not all at once.
        try (PDDocument doc = Loader.loadPDF(file.toFile())) {
            int pages = doc.getNumberOfPages();
            if (pages == 0) {
                throw new Refused("the PDF has no pages");
            }
            PDRectangle box = doc.getPage(0).getCropBox();
            float longest = Math.max(box.getWidth(), box.getHeight());
            if (longest <= 0) {
                throw new Refused("the first page has no size");
            }
            // Points are 1/72 inch: this scale renders the page's longest side at the preview size.
            BufferedImage page = new PDFRenderer(doc).renderImage(0, config.previewSize() / longest, ImageType.RGB);
            watchdog.check();
            BufferedImage preview = Images.fit(page, config.previewSize());
            BufferedImage thumbnail = Images.fit(preview, config.thumbnailSize());
            return new Derived(
                    Images.jpeg(thumbnail),
                    Images.jpeg(preview),
                    Math.round(box.getWidth()),
                    Math.round(box.getHeight()),
                    null,
                    pages,
                    null);
        } catch (IOException | RuntimeException e) {
            watchdog.check();
            throw new Refused("malformed PDF: " + e.getMessage(), e);
        }
    }
}
