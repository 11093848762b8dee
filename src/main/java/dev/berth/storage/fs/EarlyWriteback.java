package dev.berth.storage.fs;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Semaphore;

/**
 * Writes uploads' bytes to disk while the rest is still arriving, so the fsync at commit only waits for the tail.
 * Without it a 1 GiB push stays dirty in the page cache (far below the kernel's background threshold on a large
 * machine) and all its writeback happens after the last byte, serially after receiving.
 *
 * <p>Appends call {@link #start} every {@link #INTERVAL} bytes; it starts a flush ({@code fdatasync}) of the
 * upload's file on a background thread unless one is already in flight for that upload. Durability never rests on
 * these flushes: a commit still fsyncs the whole file. But a failed fsync reports its error to its own descriptor
 * only (Linux reports a writeback error once; a descriptor opened later does not see it), so a later fsync could
 * succeed over lost pages. A failed flush therefore deletes the upload's data file: the upload becomes unknown and
 * the client starts over. A commit {@linkplain #await waits} for the flush in flight first, so it either sees
 * that deletion or syncs after it.
 */
final class EarlyWriteback implements AutoCloseable {
    /** Bytes appended between two flushes: small enough to keep writeback busy, large enough to batch I/O. */
    static final long INTERVAL = 8L << 20;

    private static final Logger LOG = LoggerFactory.getLogger(EarlyWriteback.class);

    /**
     * Flushes in flight across all uploads. Each flush of a growing file commits the journal; with many uploads
     * flushing at once those commits queue up and stall every writer, and concurrent uploads keep the disk busy
     * anyway. One at a time keeps the single-upload gain without that cost.
     */
    static final int MAX_IN_FLIGHT = 1;

    private final Semaphore permits = new Semaphore(MAX_IN_FLIGHT);
    private final Flush flush;
    private final ExecutorService executor;
    private final ConcurrentHashMap<String, CompletableFuture<Void>> inFlight = new ConcurrentHashMap<>();
    /** Uploads whose flush failed and whose file could not be deleted either: their commit must fail. */
    private final Set<String> undiscarded = ConcurrentHashMap.newKeySet();

    EarlyWriteback() {
        this(EarlyWriteback::fdatasync);
    }

    EarlyWriteback(Flush flush) {
        this.flush = flush;
        this.executor = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("berth-writeback-", 0).factory());
    }

    /**
     * Starts flushing {@code file} of upload {@code uploadId} in the background. Returns false, doing nothing,
     * when a flush is still in flight, of this upload or of {@link #MAX_IN_FLIGHT} others (the caller asks again
     * after its next write).
     */
    boolean start(String uploadId, Path file) {
        if (!permits.tryAcquire()) {
            return false;
        }
        CompletableFuture<Void> mine = new CompletableFuture<>();
        CompletableFuture<Void> current = inFlight.putIfAbsent(uploadId, mine);
        if (current != null) {
            permits.release();
            return false;
        }
        try {
            executor.execute(() -> run(uploadId, file, mine));
        } catch (RejectedExecutionException closing) {
            finish(uploadId, mine);
        }
        return true;
    }

    /**
     * Waits until no flush of the upload is in flight; fails when a flush failed and the upload's bytes could not
     * be discarded.
     */
    void await(String uploadId) throws IOException {
        CompletableFuture<Void> current = inFlight.get(uploadId);
        if (current != null) {
            current.join();
        }
        if (undiscarded.contains(uploadId)) {
            throw new IOException("an earlier writeback of upload " + uploadId + " failed");
        }
    }

    /** Forgets the upload (cancelled). */
    void forget(String uploadId) {
        undiscarded.remove(uploadId);
    }

    private void run(String uploadId, Path file, CompletableFuture<Void> mine) {
        try {
            flush.flush(file);
        } catch (NoSuchFileException committedOrCancelled) {
            // Nothing left to flush under that name.
        } catch (NotStarted e) {
            // No fsync ran (no descriptor: too many open files, say), so no writeback error was consumed: the
            // commit's own fsync still reports any. Skipping this flush loses nothing.
            LOG.warn("early writeback of upload {} skipped: {}", uploadId, e.getCause().toString());
        } catch (IOException | RuntimeException e) {
            LOG.error("writeback of upload {} failed; discarding the upload's bytes", uploadId, e);
            if (!discard(file, e)) {
                undiscarded.add(uploadId);
            }
        } finally {
            finish(uploadId, mine);
        }
    }

    private void finish(String uploadId, CompletableFuture<Void> mine) {
        inFlight.remove(uploadId, mine);
        permits.release();
        mine.complete(null);
    }

    private static boolean discard(Path file, Exception cause) {
        try {
            Files.deleteIfExists(file);
            return true;
        } catch (IOException e) {
            cause.addSuppressed(e);
            LOG.error("cannot discard {} after a failed writeback", file, e);
            return false;
        }
    }

    private static void fdatasync(Path file) throws IOException {
        FileChannel channel;
        try {
            channel = FileChannel.open(file, StandardOpenOption.WRITE);
        } catch (NoSuchFileException e) {
            throw e;
        } catch (IOException e) {
            throw new NotStarted(e);
        }
        try (channel) {
            channel.force(false);
        }
    }

    /** Waits for the flushes in flight. */
    @Override
    public void close() {
        executor.close();
    }

    /** Writes a file's dirty pages to disk. */
    @FunctionalInterface
    interface Flush {
        /** Throws {@link NotStarted} when no sync was attempted, any other IOException when a sync failed. */
        void flush(Path file) throws IOException;
    }

    /** A flush that could not begin (the file could not be opened): nothing was synced, nothing was lost. */
    static final class NotStarted extends IOException {
        NotStarted(IOException cause) {
            super(cause);
        }
    }
}
