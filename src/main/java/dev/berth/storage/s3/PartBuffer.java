package dev.berth.storage.s3;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Collects up to one part of an append's stream in memory (S3 needs the length of every part before sending it).
 * The array starts small and doubles up to the part size, so a small append never allocates a whole part.
 */
final class PartBuffer {
    private static final int INITIAL_CAPACITY = 256 * 1024;

    private final int partSize;
    private byte[] array;
    private int filled;
    private boolean ended;

    PartBuffer(long partSize) {
        this.partSize = Math.toIntExact(partSize);
        this.array = new byte[Math.min(INITIAL_CAPACITY, this.partSize)];
    }

    /**
     * Reads until the buffer holds a whole part or the stream ends. A failure of the stream leaves the bytes read
     * before it in the buffer.
     */
    void fill(InputStream in) throws IOException {
        while (filled < partSize) {
            if (filled == array.length) {
                array = Arrays.copyOf(array, Math.min(partSize, array.length * 2));
            }
            int n = in.read(array, filled, array.length - filled);
            if (n < 0) {
                ended = true;
                return;
            }
            filled += n;
        }
    }

    /** True once the stream reported its end. */
    boolean ended() {
        return ended;
    }

    int filled() {
        return filled;
    }

    byte[] array() {
        return array;
    }

    /** The buffered bytes, for the append's observer. */
    ByteBuffer view() {
        return ByteBuffer.wrap(array, 0, filled);
    }

    /** Forgets the buffered bytes (they were stored) and keeps the array for the next part. */
    void clear() {
        filled = 0;
    }
}
