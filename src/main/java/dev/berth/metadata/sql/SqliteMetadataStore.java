package dev.berth.metadata.sql;

import dev.berth.domain.RegistryException;
import dev.berth.metadata.MetadataStore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;

/** The embedded metadata store: one SQLite file in WAL mode, migrated on open. */
public final class SqliteMetadataStore {
    private SqliteMetadataStore() {
    }

    /**
     * Opens (creating when missing, with its parent directories) and migrates the database file.
     *
     * @throws RegistryException {@code UNAVAILABLE} when the file cannot be created or opened
     */
    public static MetadataStore open(Path dbFile, SqliteDurability durability) {
        Path file = dbFile.toAbsolutePath();
        try {
            Path parent = file.getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (IOException e) {
            throw RegistryException.unavailable("cannot create the directory of " + file, e);
        }
        String url = "jdbc:sqlite:" + file;
        Migrations.migrate(SqliteDatabase.dataSource(url, durability), SqlDialect.SQLITE);
        return new SqlMetadataStore(SqliteDatabase.open(url, durability), Clock.systemUTC());
    }
}
