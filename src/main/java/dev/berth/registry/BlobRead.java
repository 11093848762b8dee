package dev.berth.registry;

import dev.berth.storage.BlobContent;

import java.util.Optional;

/**
 * A blob opened for a pull. {@code span} is present when a range was asked for (a 206); the caller closes
 * {@code content}.
 */
public record BlobRead(BlobInfo blob, BlobContent content, Optional<ByteSpan> span) implements AutoCloseable {
    @Override
    public void close() {
        content.close();
    }
}
