package dev.berth.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Optional;

/** {@link ByteSource#asInputStream()}: copies out of the source's buffers. */
final class ByteSourceInputStream extends InputStream {
    private final ByteSource source;
    private ByteBuffer current = ByteBuffer.allocate(0);
    private boolean ended;

    ByteSourceInputStream(ByteSource source) {
        this.source = source;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        while (!current.hasRemaining()) {
            if (ended) {
                return -1;
            }
            Optional<ByteBuffer> next = source.next();
            if (next.isEmpty()) {
                ended = true;
                return -1;
            }
            current = next.get();
        }
        int n = Math.min(len, current.remaining());
        current.get(b, off, n);
        return n;
    }
}
