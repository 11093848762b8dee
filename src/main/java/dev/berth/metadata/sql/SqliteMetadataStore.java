package dev.berth.metadata.sql;

import dev.berth.domain.RegistryException;
import dev.berth.metadata.MetadataStore;

import java.nio.file.Path;

/** The embedded metadata store: one SQLite file in WAL mode, migrated on open. */
public final class SqliteMetadataStore {
    private SqliteMetadataStore() {
    }

    /**
     * Opens (creating when missing, with its parent directories) and migrates the database file.
     *
     * @throws RegistryException {@code UNAVAILABLE} when the file cannot be created or opened
     * @see MetadataDatabase#openSqlite(Path, SqliteDurability) to share the database with other tables
     */
    public static MetadataStore open(Path dbFile, SqliteDurability durability) {
        return MetadataDatabase.openSqlite(dbFile, durability).metadataStore();
    }
}
