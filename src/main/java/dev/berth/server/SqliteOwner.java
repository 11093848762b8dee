package dev.berth.server;

import dev.berth.domain.ErrorCode;
import dev.berth.domain.RegistryException;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * This process's exclusive claim on an SQLite metadata file, held as an OS lock on {@code <file>.lock} beside it
 * (not on the database file itself, whose locks belong to SQLite). The operating system releases it when the
 * process ends, however it ends. A second {@code berth serve} on the same data therefore refuses to start, which
 * the in-memory read cache depends on: it must see every write. The {@code user}, {@code token} and other admin
 * commands do not claim the file; they only write identities and permissions, which are never cached.
 */
public final class SqliteOwner implements AutoCloseable {
    private final FileChannel channel;
    private final FileLock lock;

    private SqliteOwner(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /** Claims {@code dbFile}; {@code UNAVAILABLE} when another process (or this one) holds it. */
    public static SqliteOwner claim(Path dbFile) {
        Path lockFile = dbFile.resolveSibling(dbFile.getFileName() + ".lock");
        FileChannel channel;
        try {
            Files.createDirectories(lockFile.toAbsolutePath().getParent());
            channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw RegistryException.unavailable("cannot open " + lockFile, e);
        }
        try {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                throw inUse(dbFile);
            }
            return new SqliteOwner(channel, lock);
        } catch (OverlappingFileLockException e) {
            closeQuietly(channel);
            throw inUse(dbFile);
        } catch (IOException e) {
            closeQuietly(channel);
            throw RegistryException.unavailable("cannot lock " + lockFile, e);
        } catch (RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    private static RegistryException inUse(Path dbFile) {
        return RegistryException.of(ErrorCode.UNAVAILABLE, "another Berth process is using " + dbFile
                + "; stop it first, or give this one its own --data-dir (several nodes share metadata through "
                + "metadata.type postgresql, not one SQLite file)");
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException ignored) {
            // Closing the channel below releases it as well.
        }
        closeQuietly(channel);
    }

    private static void closeQuietly(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException ignored) {
            // Nothing held any more.
        }
    }
}
