package dev.berth.config;

/**
 * How hard SQLite works to survive a power loss (its {@code synchronous} setting in WAL mode). {@code FULL}
 * keeps every acknowledged push across a power cut; {@code NORMAL} may lose the last transactions on power loss
 * (never on a process crash) and is faster.
 */
public enum SqliteDurability implements ConfigChoice {
    FULL,
    NORMAL
}
