package dev.berth.storage;

import dev.berth.domain.Digest;

import java.io.InputStream;
import java.nio.ByteBuffer;

/**
 * The stored bytes of one in-progress upload. Bytes are only appended; hashing is the caller's job (the core
 * verifies digests while streaming), so a store needs no digest state of its own.
 *
 * <p>An upload object is used by one thread at a time; the core serialises requests on the same upload.
 */
public interface BlobUpload {

    String id();

    /** Number of bytes stored so far. After a crash this is what survived, which may exceed what was acknowledged. */
    long size();

    /**
     * Appends everything {@code source} gives until it ends, showing every buffer to {@code observer} (which
     * hashes it) before or while it is written. Returns the number of bytes appended. If the source fails midway,
     * the bytes it gave before stay appended, and its failure reaches the caller: an {@link java.io.IOException}
     * wrapped in an {@link java.io.UncheckedIOException}, a runtime exception unchanged.
     */
    long append(ByteSource source, ChunkObserver observer);

    /** {@link #append(ByteSource, ChunkObserver)} of a stream. */
    default long append(InputStream in, ChunkObserver observer) {
        return append(ByteSource.of(in), observer);
    }

    /** Reads the stored bytes from the start, to rebuild hash state when it was lost (restart, another node). */
    InputStream readAll();

    /**
     * Makes the bytes durable and moves them to the blob named {@code digest} atomically. When that blob already
     * exists the upload's bytes are discarded (same content, one copy). The upload no longer exists afterwards.
     * The caller has verified that the bytes hash to {@code digest}.
     */
    void commit(Digest digest);

    /** Discards the upload's bytes. Idempotent. */
    void cancel();

    /**
     * Receives every appended chunk, before or while it is stored. It may be called on another thread than the one
     * calling {@code append}, but one call at a time, in order, each seeing the effects of the previous one, and all
     * of them before {@code append} returns. When {@code append} fails, the observer may have seen bytes that were
     * not stored (or not seen bytes that were): its state no longer describes the stored bytes.
     */
    @FunctionalInterface
    interface ChunkObserver {
        ChunkObserver NONE = buffer -> { };

        /** Called with the bytes between the buffer's position and limit; must not modify the buffer's contents. */
        void accept(ByteBuffer buffer);
    }
}
