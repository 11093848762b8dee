package dev.berth.storage.fs;

import dev.berth.domain.Digest;
import dev.berth.domain.ErrorCode;
import dev.berth.domain.RegistryException;
import dev.berth.storage.BlobUpload;
import dev.berth.storage.ByteSource;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Optional;

/**
 * An upload stored as the file {@code uploads/<id>} (or {@code uploads/<id>/data}, the layout of earlier versions).
 * Appends go to that file through an {@link UploadAppender} (around the page cache where {@link DirectWrites}
 * allows); a commit syncs it and renames it into {@code blobs/}, so the final path only ever names complete,
 * durable bytes.
 *
 * <p>Errors of the source given to {@link #append} reach the caller unchanged, an {@link IOException}
 * wrapped in an {@link UncheckedIOException}; every other I/O failure is a {@link RegistryException}.
 */
final class FileBlobUpload implements BlobUpload {
    /**
     * Staging when no direct buffer is left (two of them, 512 KiB per append as before direct staging): within the
     * JDK's cache of temporary direct buffers ({@code -Djdk.nio.maxCachedBufferSize}, 256 KiB in the launcher), so a
     * write costs one copy and no allocation.
     */
    static final int HEAP_STAGING_SIZE = 256 * 1024;
    private final FileLayout layout;
    private final DirectWrites direct;
    private final EarlyWriteback writeback;
    private final PrefixDirectories prefixes;
    private final String id;
    private final Path data;
    /** The upload's directory when it uses the older layout ({@code uploads/<id>/data}), removed at the end. */
    private final Optional<Path> legacyDirectory;

    FileBlobUpload(FileLayout layout, DirectWrites direct, EarlyWriteback writeback, PrefixDirectories prefixes,
                   String id, Path data, Optional<Path> legacyDirectory) {
        this.layout = layout;
        this.direct = direct;
        this.writeback = writeback;
        this.prefixes = prefixes;
        this.id = id;
        this.data = data;
        this.legacyDirectory = legacyDirectory;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public long size() {
        try {
            return Files.size(data);
        } catch (NoSuchFileException e) {
            throw unknown();
        } catch (IOException e) {
            throw RegistryException.internal("cannot stat upload " + id, e);
        }
    }

    /**
     * Staging buffers and descriptors are only taken once the source gave its first bytes, so an empty request
     * (the {@code PUT} that ends a chunked upload) costs a {@code stat} and nothing else.
     */
    @Override
    public long append(ByteSource source, ChunkObserver observer) {
        Optional<ByteBuffer> first = nextOf(source, Optional.empty());
        if (first.isEmpty()) {
            size();
            return 0;
        }
        Optional<List<ByteBuffer>> staging = direct.take();
        try (UploadAppender appender = openAppender(staging, observer)) {
            return appendAll(first.get(), source, appender);
        } catch (IOException e) {
            // Only closing the channels can get here: source and write errors are translated inside.
            throw RegistryException.internal("cannot close upload " + id, e);
        } finally {
            staging.ifPresent(direct::give);
        }
    }

    /** Hands every buffer to the appender (which shows it to the observer before writing it). */
    private long appendAll(ByteBuffer first, ByteSource source, UploadAppender appender) {
        long total = 0;
        long flushedCached = 0;
        Optional<ByteBuffer> next = Optional.of(first);
        while (next.isPresent()) {
            ByteBuffer bytes = next.get();
            int length = bytes.remaining();
            try {
                appender.write(bytes);
            } catch (IOException e) {
                throw RegistryException.internal("cannot write upload " + id, e);
            }
            total += length;
            if (appender.cachedBytes() - flushedCached >= EarlyWriteback.INTERVAL && writeback.start(id, data)) {
                flushedCached = appender.cachedBytes();
            }
            next = nextOf(source, Optional.of(appender));
        }
        finish(appender);
        return total;
    }

    /**
     * The source's next bytes. When it fails, what the appender took before stays appended (BlobUpload#append) and
     * the failure is rethrown: an IOException wrapped in an UncheckedIOException.
     */
    private Optional<ByteBuffer> nextOf(ByteSource source, Optional<UploadAppender> appender) {
        try {
            return source.next();
        } catch (IOException | RuntimeException failure) {
            appender.ifPresent(taken -> keepWhatWasTaken(taken, failure));
            throw failure instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) failure;
        }
    }

    private void keepWhatWasTaken(UploadAppender appender, Exception sourceFailure) {
        try {
            finish(appender);
        } catch (RuntimeException writeFailure) {
            sourceFailure.addSuppressed(writeFailure);
        }
    }

    private void finish(UploadAppender appender) {
        try {
            appender.finish();
        } catch (IOException e) {
            throw RegistryException.internal("cannot write upload " + id, e);
        }
    }

    /**
     * Opens the data file, and a second descriptor with O_DIRECT when staging buffers were available for it; without
     * them the appender stages in a heap buffer and writes through the page cache.
     */
    private UploadAppender openAppender(Optional<List<ByteBuffer>> staging, ChunkObserver observer) {
        FileChannel cached = openForAppend();
        try {
            Optional<UploadAppender.DirectOpener> directOpener = staging.isPresent() && direct.alignment().isPresent()
                    ? Optional.of(() -> direct.openDirect(data)) : Optional.empty();
            List<ByteBuffer> buffers = staging.orElseGet(() -> List.of(
                    ByteBuffer.allocate(HEAP_STAGING_SIZE), ByteBuffer.allocate(HEAP_STAGING_SIZE)));
            return new UploadAppender(cached, directOpener, direct.alignment().orElse(1), buffers, observer,
                    direct.stages());
        } catch (IOException | RuntimeException e) {
            try {
                cached.close();
            } catch (IOException closing) {
                e.addSuppressed(closing);
            }
            throw e instanceof NoSuchFileException ? unknown()
                    : RegistryException.internal("cannot open upload " + id, e);
        }
    }

    private FileChannel openForAppend() {
        try {
            return FileChannel.open(data, StandardOpenOption.WRITE);
        } catch (NoSuchFileException e) {
            throw unknown();
        } catch (IOException e) {
            throw RegistryException.internal("cannot open upload " + id, e);
        }
    }

    @Override
    public InputStream readAll() {
        try {
            return Files.newInputStream(data);
        } catch (NoSuchFileException e) {
            throw unknown();
        } catch (IOException e) {
            throw RegistryException.internal("cannot read upload " + id, e);
        }
    }

    /**
     * Durability protocol: wait for the early writeback in flight (which may discard the bytes), fsync the data,
     * rename it atomically to its final path, fsync the directory that gained the name (and its parent while the
     * prefix directory is not known durable, see {@link PrefixDirectories}). When another commit of the same digest
     * got there first the bytes are identical (the caller verified the digest), so this upload's copy is dropped; a
     * rename racing with that check replaces identical bytes atomically, which readers cannot observe.
     */
    @Override
    public void commit(Digest digest) {
        Path blob = layout.blobPath(digest);
        Path prefixDir = blob.getParent();
        boolean moved;
        try {
            writeback.await(id);
            FileSync.file(data);
            prefixes.prepare(prefixDir);
            moved = !Files.exists(blob);
            if (moved) {
                Files.move(data, blob, StandardCopyOption.ATOMIC_MOVE);
            }
            // Also when the blob existed: the commit that placed it may not have synced its directory yet.
            prefixes.syncAfterRename(prefixDir);
        } catch (NoSuchFileException e) {
            throw Files.exists(data) ? RegistryException.internal("cannot commit upload " + id, e) : unknown();
        } catch (IOException e) {
            throw RegistryException.internal("cannot commit upload " + id + " as " + digest, e);
        }
        if (!moved || legacyDirectory.isPresent()) {
            // The rename took the upload's only file away; otherwise its copy (or older directory) is left.
            removeUpload();
        }
    }

    @Override
    public void cancel() {
        writeback.forget(id);
        removeUpload();
    }

    /** Removes what is left of the upload: its file (after a commit: only when the blob existed), or its directory. */
    private void removeUpload() {
        try {
            if (legacyDirectory.isPresent()) {
                deleteTree(legacyDirectory.get());
            } else {
                Files.deleteIfExists(data);
            }
        } catch (IOException e) {
            throw RegistryException.internal("cannot remove upload " + id, e);
        }
    }

    /** Deletes a directory tree, tolerating entries that vanish meanwhile (a concurrent cancel). */
    private static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) {
            return;
        }
        Files.walkFileTree(root, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (e instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw e;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path directory, IOException e) throws IOException {
                if (e != null && !(e instanceof NoSuchFileException)) {
                    throw e;
                }
                Files.deleteIfExists(directory);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    private RegistryException unknown() {
        return RegistryException.of(ErrorCode.BLOB_UPLOAD_UNKNOWN, "upload " + id + " does not exist");
    }
}
