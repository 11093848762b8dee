package dev.berth.storage.fs;

import dev.berth.storage.BlobUpload.ChunkObserver;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * Appends one request's bytes to an upload's data file, in a pipeline over a ring of staging buffers: the request
 * thread copies received bytes into a buffer; a full buffer is then shown to the observer (the upload's hash) on
 * one background thread and written on another at the same time, while the request thread fills the next buffer.
 * So receiving, hashing (the most expensive step: one core hashes SHA-256 at about 1.3–1.7 GB/s) and the device's
 * work overlap instead of adding up, and a slow write does not hold up the hash of the buffers behind it (only the
 * reuse of its own buffer). Each stage takes buffers in order, one at a time: the observer sees the bytes in order
 * and the file only ever grows at its end.
 *
 * <p>With direct writes ({@link DirectWrites}) a buffer starting at a block-aligned offset is written with
 * {@code O_DIRECT}, its unaligned tail (only at the end of a request) through the page cache. When the file's
 * size is not a multiple of the block (an earlier request ended mid-block), the first buffer is filled only up to
 * the next boundary and goes through the page cache. Without direct writes every byte goes through the page cache.
 *
 * <p>A failed write skips every later write (nothing is written after a gap) and every observation not yet started;
 * a failed observer skips every later observation, while writes go on until the request thread notices (the caller
 * drops the observer's state after a failed append anyway). The failure reaches the request thread at its next
 * call. Not thread-safe; one per request. {@link #close} must follow, also after a failure.
 */
final class UploadAppender implements AutoCloseable {
    private final FileChannel cached;
    private final Optional<DirectOpener> directOpener;
    /** Opened on the first direct write, so a small request never opens it. */
    private Optional<FileChannel> direct = Optional.empty();
    private boolean anySubmitted;
    /** Set when opening with O_DIRECT failed: the rest of this request goes through the page cache. */
    private boolean directRefused;
    /** Set by the writing stage when a write failed: later buffers are neither hashed nor written. */
    private volatile boolean writeFailed;
    private final int alignment;
    private final ChunkObserver observer;
    private final Executor stages;
    private final List<Slot> ring = new ArrayList<>();
    private int next;
    private Slot filling;
    private CompletableFuture<Void> lastObserved = CompletableFuture.completedFuture(null);
    private CompletableFuture<Void> lastWritten = CompletableFuture.completedFuture(null);
    /** File offset of the first byte in {@link #filling}. */
    private long position;
    private long cachedBytes;

    /**
     * @param cached       the data file opened for writing through the page cache
     * @param directOpener opens the same file with {@code O_DIRECT}, when direct writes are used
     * @param buffers      at least two staging buffers of equal capacity, a multiple of {@code alignment}
     * @param observer     shown every byte, in order, while it is written (on a background thread)
     * @param stages       runs the observing and writing stages
     */
    UploadAppender(FileChannel cached, Optional<DirectOpener> directOpener, int alignment, List<ByteBuffer> buffers,
                   ChunkObserver observer, Executor stages) throws IOException {
        if (buffers.size() < 2) {
            throw new IllegalArgumentException("an appender needs at least two staging buffers");
        }
        this.cached = cached;
        this.directOpener = directOpener;
        this.alignment = alignment;
        this.observer = observer;
        this.stages = stages;
        buffers.forEach(buffer -> ring.add(new Slot(buffer.clear())));
        this.position = cached.size();
        this.filling = ring.get(0);
        prepare(filling);
    }

    /** Bytes given to the page cache so far (those need writeback; direct ones do not). */
    long cachedBytes() {
        return cachedBytes;
    }

    /** Takes all of {@code src}'s remaining bytes (observed and written later, at the latest by {@link #finish}). */
    void write(ByteBuffer src) throws IOException {
        while (src.hasRemaining()) {
            ByteBuffer buffer = filling.buffer;
            int n = Math.min(src.remaining(), buffer.remaining());
            buffer.put(buffer.position(), src, src.position(), n);
            buffer.position(buffer.position() + n);
            src.position(src.position() + n);
            if (!buffer.hasRemaining()) {
                submit(filling);
                filling = nextSlot();
            }
        }
    }

    /**
     * Observes and writes everything taken and waits for it: afterwards the file's size counts every byte. A request
     * that fit in one buffer (a small layer, a config) is observed and written right here, without handing over to
     * the background stages.
     */
    void finish() throws IOException {
        if (!anySubmitted && filling.buffer.position() > 0) {
            ByteBuffer only = filling.buffer.flip();
            long at = position;
            int length = only.remaining();
            boolean aligned = useDirect(at, length);
            observer.accept(only.duplicate());
            cachedBytes += aligned ? length % alignment : length;
            position += length;
            try {
                store(only, at, aligned);
            } catch (WriteFailure e) {
                throw e.io;
            }
            filling.buffer.clear();
            prepare(filling);
            return;
        }
        if (filling.buffer.position() > 0) {
            submit(filling);
            filling = nextSlot();
        }
        await(CompletableFuture.allOf(lastObserved, lastWritten));
    }

    private void submit(Slot slot) {
        ByteBuffer full = slot.buffer.flip();
        long at = position;
        int length = full.remaining();
        boolean aligned = useDirect(at, length);
        position += length;
        cachedBytes += aligned ? length % alignment : length;
        anySubmitted = true;
        // Both stages read the same bytes through their own views; neither modifies them.
        ByteBuffer toObserve = full.duplicate();
        ByteBuffer toWrite = full.duplicate();
        CompletableFuture<Void> observed = lastObserved.thenRunAsync(() -> {
            if (!writeFailed) {
                observer.accept(toObserve);
            }
        }, stages);
        CompletableFuture<Void> written = lastWritten.thenRunAsync(() -> store(toWrite, at, aligned), stages);
        slot.done = CompletableFuture.allOf(observed, written);
        lastObserved = observed;
        lastWritten = written;
    }

    /**
     * Whether bytes at {@code at} go (partly) direct; opens the direct descriptor when first needed. A descriptor
     * that cannot be opened (no descriptor left, a file system that changed its mind) only costs the page cache.
     */
    private boolean useDirect(long at, int length) {
        if (directOpener.isEmpty() || directRefused || at % alignment != 0 || length < alignment) {
            return false;
        }
        if (direct.isEmpty()) {
            try {
                direct = Optional.of(directOpener.get().open());
            } catch (IOException | UnsupportedOperationException e) {
                directRefused = true;
                return false;
            }
        }
        return true;
    }

    /** The next buffer of the ring, once its previous contents are observed and written. */
    private Slot nextSlot() throws IOException {
        next = (next + 1) % ring.size();
        Slot slot = ring.get(next);
        await(slot.done);
        slot.buffer.clear();
        prepare(slot);
        return slot;
    }

    /** While the file ends mid-block, fill only up to the boundary, so the next buffer starts aligned. */
    private void prepare(Slot slot) {
        int misalignment = (int) (position % alignment);
        if (directOpener.isPresent() && !directRefused && misalignment != 0) {
            slot.buffer.limit(alignment - misalignment);
        }
    }

    private void store(ByteBuffer buffer, long at, boolean aligned) {
        try {
            int whole = aligned ? buffer.remaining() - buffer.remaining() % alignment : 0;
            if (whole > 0) {
                writeFully(direct.orElseThrow(), buffer.slice(buffer.position(), whole), at);
                buffer.position(buffer.position() + whole);
            }
            writeFully(cached, buffer, at + whole);
        } catch (IOException e) {
            writeFailed = true;
            throw new WriteFailure(e);
        } catch (RuntimeException | Error e) {
            writeFailed = true;
            throw e;
        }
    }

    private static void writeFully(FileChannel channel, ByteBuffer buffer, long at) throws IOException {
        long offset = at;
        while (buffer.hasRemaining()) {
            offset += channel.write(buffer, offset);
        }
    }

    private static void await(CompletableFuture<Void> stage) throws IOException {
        try {
            stage.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof WriteFailure failure) {
                throw failure.io;
            }
            if (e.getCause() instanceof RuntimeException stageFailure) {
                throw stageFailure;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw e;
        }
    }

    /** Waits for the stages still running (after a failure elsewhere), then closes both channels. */
    @Override
    public void close() throws IOException {
        try {
            lastObserved.exceptionally(e -> null).join();
            lastWritten.exceptionally(e -> null).join();
        } finally {
            try (FileChannel a = cached) {
                if (direct.isPresent()) {
                    direct.get().close();
                }
            }
        }
    }

    /** Opens the upload's file for direct writes. */
    @FunctionalInterface
    interface DirectOpener {
        FileChannel open() throws IOException;
    }

    /** A staging buffer and the observation and write of its last contents. */
    private static final class Slot {
        private final ByteBuffer buffer;
        private CompletableFuture<Void> done = CompletableFuture.completedFuture(null);

        Slot(ByteBuffer buffer) {
            this.buffer = buffer;
        }
    }

    /** Carries a background write's IOException to the request thread. */
    private static final class WriteFailure extends RuntimeException {
        private final transient IOException io;

        WriteFailure(IOException io) {
            super(io);
            this.io = io;
        }
    }
}
