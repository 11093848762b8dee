package dev.berth.config;

/** Where blob bytes live. */
public enum StorageType implements ConfigChoice {
    /** Content-addressed files under {@code storage.root}. */
    FILESYSTEM
}
