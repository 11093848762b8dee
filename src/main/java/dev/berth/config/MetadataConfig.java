package dev.berth.config;

import java.nio.file.Path;

/**
 * The metadata store.
 *
 * @param type              which database holds the metadata
 * @param path              the SQLite database file (absolute)
 * @param sqliteDurability  SQLite's trade-off between durability on power loss and speed
 * @param cacheBytes        memory for cached answers of metadata reads with SQLite; 0 turns the cache off
 * @param postgresql        the PostgreSQL database, for {@code postgresql}
 */
public record MetadataConfig(MetadataType type, Path path, SqliteDurability sqliteDurability,
                             long cacheBytes, PostgresConfig postgresql) {
}
