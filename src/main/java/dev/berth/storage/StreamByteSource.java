package dev.berth.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * {@link ByteSource#of(InputStream)}: fills one heap buffer per call as far as the stream gives, so consumers see
 * few, large buffers. When the stream fails after some bytes of a buffer, those bytes are handed out first and the
 * failure is thrown by the next call (and every later one), so a consumer keeps everything read before it.
 */
final class StreamByteSource implements ByteSource {
    static final int BUFFER_SIZE = 256 * 1024;

    private final InputStream in;
    private final byte[] buffer = new byte[BUFFER_SIZE];
    private boolean ended;
    private Optional<Exception> pendingFailure = Optional.empty();

    StreamByteSource(InputStream in) {
        this.in = in;
    }

    @Override
    public Optional<ByteBuffer> next() throws IOException {
        if (pendingFailure.isPresent()) {
            // Thrown again by every later call: a failed stream never looks complete.
            Exception failure = pendingFailure.get();
            if (failure instanceof IOException io) {
                throw io;
            }
            throw (RuntimeException) failure;
        }
        int filled = 0;
        try {
            while (!ended && filled < buffer.length) {
                int n = in.read(buffer, filled, buffer.length - filled);
                if (n < 0) {
                    ended = true;
                } else {
                    filled += n;
                }
            }
        } catch (IOException | RuntimeException e) {
            pendingFailure = Optional.of(e);
            if (filled == 0) {
                throw e;
            }
        }
        return filled == 0 ? Optional.empty() : Optional.of(ByteBuffer.wrap(buffer, 0, filled));
    }
}
