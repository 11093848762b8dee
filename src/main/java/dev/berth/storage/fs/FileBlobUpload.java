package dev.berth.storage.fs;

import dev.berth.domain.Digest;
import dev.berth.domain.ErrorCode;
import dev.berth.domain.RegistryException;
import dev.berth.storage.BlobUpload;

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

/**
 * An upload stored as {@code uploads/<id>/data}. Appends go straight to that file; a commit syncs it and renames
 * it into {@code blobs/}, so the final path only ever names complete, durable bytes.
 *
 * <p>Errors of the input stream given to {@link #append} reach the caller unchanged, an {@link IOException}
 * wrapped in an {@link UncheckedIOException}; every other I/O failure is a {@link RegistryException}.
 */
final class FileBlobUpload implements BlobUpload {
    private final FileLayout layout;
    private final ChunkBuffers buffers;
    private final EarlyWriteback writeback;
    private final PrefixDirectories prefixes;
    private final String id;
    private final Path dir;
    private final Path data;

    FileBlobUpload(FileLayout layout, ChunkBuffers buffers, EarlyWriteback writeback, PrefixDirectories prefixes,
                   String id) {
        this.layout = layout;
        this.buffers = buffers;
        this.writeback = writeback;
        this.prefixes = prefixes;
        this.id = id;
        this.dir = layout.uploadDir(id);
        this.data = layout.uploadData(id);
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

    @Override
    public long append(InputStream in, ChunkObserver observer) {
        byte[] array = buffers.take();
        try (FileChannel channel = openForAppend()) {
            return appendAll(in, observer, channel, ByteBuffer.wrap(array));
        } catch (IOException e) {
            // Only closing the channel can get here: stream and write errors are translated inside.
            throw RegistryException.internal("cannot close upload " + id, e);
        } finally {
            buffers.give(array);
        }
    }

    private long appendAll(InputStream in, ChunkObserver observer, FileChannel channel, ByteBuffer buffer) {
        byte[] array = buffer.array();
        long total = 0;
        long unflushed = 0;
        boolean end = false;
        while (!end) {
            int filled = 0;
            try {
                while (filled < array.length) {
                    int n = in.read(array, filled, array.length - filled);
                    if (n < 0) {
                        end = true;
                        break;
                    }
                    filled += n;
                }
            } catch (IOException | RuntimeException streamFailure) {
                // The bytes read before the failure stay appended (BlobUpload#append).
                keepPartialChunk(channel, observer, buffer, filled, streamFailure);
                throw streamFailure instanceof IOException io ? new UncheckedIOException(io)
                        : (RuntimeException) streamFailure;
            }
            total += store(channel, observer, buffer, filled);
            unflushed += filled;
            if (unflushed >= EarlyWriteback.INTERVAL && writeback.start(id, data)) {
                unflushed = 0;
            }
        }
        return total;
    }

    private void keepPartialChunk(FileChannel channel, ChunkObserver observer, ByteBuffer buffer, int filled,
                                  Exception streamFailure) {
        try {
            store(channel, observer, buffer, filled);
        } catch (RuntimeException writeFailure) {
            streamFailure.addSuppressed(writeFailure);
        }
    }

    /** Shows the chunk to the observer, then writes exactly those bytes. */
    private int store(FileChannel channel, ChunkObserver observer, ByteBuffer buffer, int length) {
        if (length == 0) {
            return 0;
        }
        observer.accept(buffer.clear().limit(length));
        buffer.clear().limit(length);
        try {
            while (buffer.hasRemaining()) {
                channel.write(buffer);
            }
        } catch (IOException e) {
            throw RegistryException.internal("cannot write upload " + id, e);
        }
        return length;
    }

    private FileChannel openForAppend() {
        try {
            return FileChannel.open(data, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
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
        try {
            writeback.await(id);
            FileSync.file(data);
            prefixes.prepare(prefixDir);
            if (!Files.exists(blob)) {
                Files.move(data, blob, StandardCopyOption.ATOMIC_MOVE);
            }
            // Also when the blob existed: the commit that placed it may not have synced its directory yet.
            prefixes.syncAfterRename(prefixDir);
        } catch (NoSuchFileException e) {
            throw Files.exists(data) ? RegistryException.internal("cannot commit upload " + id, e) : unknown();
        } catch (IOException e) {
            throw RegistryException.internal("cannot commit upload " + id + " as " + digest, e);
        }
        removeDirectory();
    }

    @Override
    public void cancel() {
        writeback.forget(id);
        removeDirectory();
    }

    private void removeDirectory() {
        try {
            deleteTree(dir);
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
