package dev.berth.storage.fs;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * fsync for files and directories. A rename is only durable once the directory holding the new name is synced;
 * POSIX allows that by opening the directory read-only, Windows does not (and makes renames durable itself).
 */
final class FileSync {
    private static final boolean DIRECTORY_SYNC = !System.getProperty("os.name", "").startsWith("Windows");

    private FileSync() {
    }

    static void file(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.WRITE)) {
            channel.force(true);
        }
    }

    static void directory(Path dir) throws IOException {
        if (!DIRECTORY_SYNC) {
            return;
        }
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
