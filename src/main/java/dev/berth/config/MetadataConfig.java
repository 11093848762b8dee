package dev.berth.config;

import java.nio.file.Path;

/**
 * The metadata store.
 *
 * @param type              which database holds the metadata
 * @param path              the SQLite database file (absolute)
 * @param sqliteDurability  SQLite's trade-off between durability on power loss and speed
 * @param postgresql        the PostgreSQL database, for {@code postgresql}
 */
public record MetadataConfig(MetadataType type, Path path, SqliteDurability sqliteDurability,
                             PostgresConfig postgresql) {
}
