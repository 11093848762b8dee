package dev.berth.storage.fs;

import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;

/**
 * A small pool of the heap buffers appends read into, so a PATCH of any size allocates no large array.
 * When every pooled buffer is in use a fresh one is made; at most {@code capacity} are kept afterwards.
 */
final class ChunkBuffers {
    /** Large enough that hashing and write(2) dominate the per-chunk overhead, small enough to pool a few. */
    static final int CHUNK_SIZE = 512 * 1024;

    private final ArrayBlockingQueue<byte[]> idle;

    ChunkBuffers(int capacity) {
        this.idle = new ArrayBlockingQueue<>(capacity);
    }

    byte[] take() {
        return Optional.ofNullable(idle.poll()).orElseGet(() -> new byte[CHUNK_SIZE]);
    }

    void give(byte[] buffer) {
        idle.offer(buffer);
    }

    void clear() {
        idle.clear();
    }
}
