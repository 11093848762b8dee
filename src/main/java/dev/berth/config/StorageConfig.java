package dev.berth.config;

import java.nio.file.Path;

/**
 * The blob store.
 *
 * @param type which store holds blob bytes
 * @param root the directory of the filesystem store (absolute)
 */
public record StorageConfig(StorageType type, Path root) {
}
