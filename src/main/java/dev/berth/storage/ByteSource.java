package dev.berth.storage;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * Bytes that arrive in buffers, such as a request body, handed to the reader in place: a store can hash and write
 * each buffer where it lies instead of copying it into an array first.
 *
 * <p>Read by one thread. Errors of the underlying input are {@link IOException}s.
 */
public interface ByteSource {

    /**
     * Waits for the next bytes and returns them (at least one byte), or empty once the source has ended. The
     * buffer's content between position and limit stays valid until the next call; the reader may move position
     * and limit but must not modify the content.
     */
    Optional<ByteBuffer> next() throws IOException;

    /** A source reading {@code in} through a heap buffer of its own (the buffers handed out have arrays). */
    static ByteSource of(InputStream in) {
        return new StreamByteSource(in);
    }

    /** This source as a stream, for consumers that want one. Closing the stream does not close anything else. */
    default InputStream asInputStream() {
        return new ByteSourceInputStream(this);
    }
}
