package dev.depot.blobstore;

import java.io.IOException;
import java.io.InputStream;

/** Upload parts read one after another as one stream, each opened only when the one before is done. */
final class Parts extends InputStream {

    /** Opens part {@code i}. */
    @FunctionalInterface
    interface Opener {
        InputStream open(int i) throws IOException;
    }

    private final int count;
    private final Opener opener;
    private int next;
    private InputStream current;

    private Parts(int count, Opener opener) {
        this.count = count;
        this.opener = opener;
    }

    static InputStream concatenated(int count, Opener opener) {
        return new Parts(count, opener);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (true) {
            if (current == null) {
                if (next == count) {
                    return -1;
                }
                current = opener.open(next++);
            }
            int n = current.read(b, off, len);
            if (n > 0) {
                return n;
            }
            current.close();
            current = null;
        }
    }

    @Override
    public void close() throws IOException {
        if (current != null) {
            current.close();
            current = null;
        }
        next = count;
    }
}
