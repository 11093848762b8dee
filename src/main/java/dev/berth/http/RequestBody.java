package dev.berth.http;

import dev.berth.storage.ByteSource;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.util.Blocker;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * A request body as a {@link ByteSource}: hands out Jetty's own content chunks (slices of the buffer the socket
 * was read into), so a pushed layer is hashed and staged for disk without first being copied into an array.
 *
 * <p>Blocks the calling (virtual) thread while no content is available. Each chunk is released when the next one
 * is asked for or the body is closed; closing does not consume what was not read (the handler deals with that).
 */
final class RequestBody implements ByteSource, AutoCloseable {
    private final Content.Source source;
    /** The chunk whose buffer was last handed out, released on the next call; empty between chunks. */
    private Optional<Content.Chunk> held = Optional.empty();
    private boolean ended;
    /** A failure once seen is thrown again by every later call: a failed body never looks complete. */
    private Optional<IOException> failure = Optional.empty();

    RequestBody(Content.Source source) {
        this.source = source;
    }

    @Override
    public Optional<ByteBuffer> next() throws IOException {
        release();
        if (failure.isPresent()) {
            throw failure.get();
        }
        while (!ended) {
            Content.Chunk chunk = source.read();
            if (chunk == null) {
                awaitContent();
                continue;
            }
            if (Content.Chunk.isFailure(chunk)) {
                // Transient failures (an idle timeout) too: a blob body that stalled is not resumed mid-request.
                Throwable cause = chunk.getFailure();
                IOException io = cause instanceof IOException e ? e : new IOException(cause);
                failure = Optional.of(io);
                throw io;
            }
            ended = chunk.isLast();
            if (chunk.hasRemaining()) {
                held = Optional.of(chunk);
                return Optional.of(chunk.getByteBuffer());
            }
            chunk.release();
        }
        return Optional.empty();
    }

    private void awaitContent() throws IOException {
        try (Blocker.Runnable blocker = Blocker.runnable()) {
            source.demand(blocker);
            blocker.block();
        }
    }

    private void release() {
        held.ifPresent(Content.Chunk::release);
        held = Optional.empty();
    }

    @Override
    public void close() {
        release();
    }
}
