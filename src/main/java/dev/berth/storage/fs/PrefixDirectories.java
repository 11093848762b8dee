package dev.berth.storage.fs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@code blobs/<alg>/<xx>/} directories a commit renames into. A prefix directory's own entry in
 * {@code blobs/<alg>/} is durable once that directory has been synced after the prefix directory appeared; this
 * remembers, per process, the prefix directories known durable, so a commit syncs the algorithm directory only the
 * first time it meets a prefix directory (at most 256 per algorithm) instead of on every commit.
 *
 * <p>A prefix directory is only added here after the sync of its parent returned, so a commit that races with the
 * one creating the directory syncs the parent itself. Berth never removes prefix directories; one removed from
 * outside is recreated and synced again.
 */
final class PrefixDirectories {
    private final Set<Path> durable = ConcurrentHashMap.newKeySet();

    /** Creates the prefix directory when missing. Call before renaming into it. */
    void prepare(Path prefixDir) throws IOException {
        if (!Files.isDirectory(prefixDir)) {
            durable.remove(prefixDir);
            Files.createDirectories(prefixDir);
        }
    }

    /**
     * Makes a rename into {@code prefixDir} durable: syncs the prefix directory, and its parent unless the prefix
     * directory is already known durable there.
     */
    void syncAfterRename(Path prefixDir) throws IOException {
        FileSync.directory(prefixDir);
        if (!durable.contains(prefixDir)) {
            FileSync.directory(prefixDir.getParent());
            durable.add(prefixDir);
        }
    }

    /** Whether the prefix directory's entry is known durable (for tests). */
    boolean knownDurable(Path prefixDir) {
        return durable.contains(prefixDir);
    }
}
