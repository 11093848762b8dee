package dev.berth.metadata.sql;

/**
 * When an SQLite commit reaches the disk ({@code PRAGMA synchronous} in WAL mode). Either way a crash never
 * corrupts the database nor leaves half a transaction.
 */
public enum SqliteDurability {
    /** Every commit is synced to disk before it returns: a committed push survives a power loss. */
    FULL,
    /**
     * The WAL is synced at checkpoints only: faster commits, and a process crash loses nothing, but a power loss
     * or OS crash may roll back the last transactions.
     */
    NORMAL
}
