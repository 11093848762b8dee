package dev.berth.storage.fs;

import com.sun.nio.file.ExtendedOpenOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;
import java.util.function.IntFunction;

/**
 * Writing uploads around the page cache ({@code O_DIRECT}), where the file system allows it.
 *
 * <p>A pushed layer is written once and read later, often much later or by another node, so copying it into the
 * page cache on the way to disk costs a full kernel copy of every byte (on a fresh VM, whose memory the host backs
 * lazily, the single largest cost of a push) and then writeback work, and it evicts what pulls are reading. Whole
 * aligned blocks are therefore written straight from aligned staging buffers; only the few bytes that bring an
 * unaligned upload size to a block boundary, and the tail of each request, go through the page cache.
 *
 * <p>Holds the probe result (block alignment, or none when {@code O_DIRECT} is refused: tmpfs on older kernels,
 * some network and FUSE file systems), the pool of staging buffers and the threads that hash and write them
 * ({@link UploadAppender}).
 * Staging buffers are direct memory, which is bounded ({@code -XX:MaxDirectMemorySize}); at most
 * {@link #MAX_STAGING} are handed out, and an append that finds none left stages in small heap buffers and writes
 * through the page cache instead.
 */
final class DirectWrites implements AutoCloseable {
    /**
     * One direct write. Each write is one request to the device, and a virtualised disk pays per request: four 1 MiB
     * buffers pushed about a sixth faster than eight of 512 KiB (the same memory) at a fifth less CPU; 2 MiB
     * buffers gained nothing over 1 MiB.
     */
    static final int STAGING_SIZE = 1024 * 1024;
    /**
     * Staging buffers per append: one filling, the others being hashed and written (both at once), so a write that
     * takes longer than usual delays the hashing behind it only once all of them wait for it.
     */
    static final int STAGING_PER_APPEND = 4;
    /**
     * Staging buffers in use at most: 8 concurrent pushes stage in direct memory, later ones on the heap (through
     * the page cache). Allocated when first needed and then kept (32 × (1 MiB + alignment), at most 34 MiB, of the
     * launcher's 96 MiB direct memory limit).
     */
    static final int MAX_STAGING = 32;
    /** Alignment when the file system reports a smaller block: O_DIRECT needs the logical block, 4 KiB covers it. */
    private static final int MIN_ALIGNMENT = 4096;
    private static final int MAX_ALIGNMENT = 64 * 1024;
    private static final Logger LOG = LoggerFactory.getLogger(DirectWrites.class);

    private final Optional<Integer> alignment;
    private final Semaphore permits = new Semaphore(MAX_STAGING);
    private final ArrayBlockingQueue<ByteBuffer> idle = new ArrayBlockingQueue<>(MAX_STAGING);
    private final ExecutorService stages =
            Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("berth-append-", 0).factory());
    private final IntFunction<ByteBuffer> allocate;

    private DirectWrites(Optional<Integer> alignment, IntFunction<ByteBuffer> allocate) {
        this.alignment = alignment;
        this.allocate = allocate;
    }

    private DirectWrites(Optional<Integer> alignment) {
        this(alignment, ByteBuffer::allocateDirect);
    }

    /** Never writes around the page cache (configured off, or for tests of the other path). */
    static DirectWrites disabled() {
        return new DirectWrites(Optional.empty());
    }

    /** Direct writes off, staging buffers allocated by {@code allocate} (tests make it fail). */
    static DirectWrites disabled(IntFunction<ByteBuffer> allocate) {
        return new DirectWrites(Optional.empty(), allocate);
    }

    /**
     * Probes {@code dir}: a new file there (a temporary name that no upload id can have) must open with
     * {@code O_DIRECT} and take one aligned block.
     */
    static DirectWrites probe(Path dir) {
        Path probe;
        try {
            probe = Files.createTempFile(dir, ".direct-io-", ".probe");
        } catch (IOException e) {
            LOG.warn("uploads are written through the page cache: cannot create a probe file in {} ({})", dir,
                    e.toString());
            return disabled();
        }
        try {
            int block = (int) Math.min(MAX_ALIGNMENT, Math.max(MIN_ALIGNMENT, Files.getFileStore(dir).getBlockSize()));
            if (Integer.bitCount(block) != 1) {
                LOG.info("uploads are written through the page cache: block size {} is not a power of two", block);
                return disabled();
            }
            try (FileChannel channel = FileChannel.open(probe, StandardOpenOption.WRITE, ExtendedOpenOption.DIRECT)) {
                ByteBuffer one = ByteBuffer.allocateDirect(2 * block).alignedSlice(block).limit(block);
                channel.write(one, 0);
            }
            return new DirectWrites(Optional.of(block));
        } catch (IOException | UnsupportedOperationException e) {
            LOG.info("uploads are written through the page cache: {} refuses O_DIRECT ({})", dir, e.toString());
            return disabled();
        } finally {
            try {
                Files.deleteIfExists(probe);
            } catch (IOException e) {
                LOG.warn("cannot remove {}", probe, e);
            }
        }
    }

    /** The block alignment of direct writes; empty when they are not used. */
    Optional<Integer> alignment() {
        return alignment;
    }

    /** Opens {@code file} for direct writes; only when {@link #alignment} is present. */
    FileChannel openDirect(Path file) throws IOException {
        if (alignment.isEmpty()) {
            throw new IllegalStateException("direct writes are off");
        }
        return FileChannel.open(file, StandardOpenOption.WRITE, ExtendedOpenOption.DIRECT);
    }

    /**
     * {@link #STAGING_PER_APPEND} aligned direct staging buffers for one append (also when direct writes are off:
     * the JDK then writes them without a copy of its own), or empty when all are in use.
     */
    Optional<List<ByteBuffer>> take() {
        if (!permits.tryAcquire(STAGING_PER_APPEND)) {
            return Optional.empty();
        }
        int align = alignment.orElse(MIN_ALIGNMENT);
        List<ByteBuffer> taken = new ArrayList<>(STAGING_PER_APPEND);
        try {
            for (int i = 0; i < STAGING_PER_APPEND; i++) {
                ByteBuffer pooled = idle.poll();
                taken.add(pooled != null ? pooled.clear() : allocate.apply(STAGING_SIZE + align)
                        .alignedSlice(align).limit(STAGING_SIZE).slice());
            }
            return Optional.of(taken);
        } catch (OutOfMemoryError directMemoryExhausted) {
            // The direct memory limit is shared with Jetty's buffers: stage on the heap this time.
            LOG.warn("no direct memory for staging buffers ({}); writing through the page cache",
                    directMemoryExhausted.getMessage());
            taken.forEach(idle::offer);
            permits.release(STAGING_PER_APPEND);
            return Optional.empty();
        }
    }

    /** Staging buffers that {@link #take} can lend right now. */
    int available() {
        return permits.availablePermits();
    }

    /** Returns buffers from {@link #take}. */
    void give(List<ByteBuffer> buffers) {
        for (ByteBuffer buffer : buffers) {
            idle.offer(buffer);
        }
        permits.release(buffers.size());
    }

    /**
     * Where the hashing and writing stages of appends run (virtual threads). Once closed, a stage runs on the thread
     * that hands it over instead, so an append still running at shutdown finishes rather than waiting forever.
     */
    Executor stages() {
        return task -> {
            try {
                stages.execute(task);
            } catch (RejectedExecutionException closed) {
                task.run();
            }
        };
    }

    @Override
    public void close() {
        stages.close();
        idle.clear();
    }
}
