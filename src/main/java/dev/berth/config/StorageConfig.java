package dev.berth.config;

import java.nio.file.Path;

/**
 * The blob store.
 *
 * @param type which store holds blob bytes
 * @param root         the directory of the filesystem store (absolute)
 * @param directWrites whether the filesystem store writes uploads with O_DIRECT where the file system allows it
 */
public record StorageConfig(StorageType type, Path root, boolean directWrites) {
}
