package dev.berth.storage.s3;

import software.amazon.awssdk.core.ResponseInputStream;

import java.io.FilterInputStream;
import java.io.IOException;

/**
 * The body of a ranged GetObject handed to the HTTP layer. Closing it before the end aborts the connection instead
 * of draining the rest of the range (a client that disconnects halfway through a large layer must not make the node
 * download the remainder); a fully read body closes normally and its connection returns to the pool.
 */
final class ObjectStream extends FilterInputStream {
    private final ResponseInputStream<?> response;
    private long remaining;

    ObjectStream(ResponseInputStream<?> response, long length) {
        super(response);
        this.response = response;
        this.remaining = length;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            remaining--;
        }
        return b;
    }

    @Override
    public int read(byte[] target, int offset, int length) throws IOException {
        int n = super.read(target, offset, length);
        if (n > 0) {
            remaining -= n;
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = super.skip(n);
        remaining -= skipped;
        return skipped;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    @Override
    public void close() throws IOException {
        if (remaining > 0) {
            response.abort();
        }
        super.close();
    }
}
