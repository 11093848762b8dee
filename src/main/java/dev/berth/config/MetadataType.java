package dev.berth.config;

/** Which database holds the registry's metadata. */
public enum MetadataType implements ConfigChoice {
    /** An embedded SQLite database file at {@code metadata.path}. */
    SQLITE,
    /** A PostgreSQL database at {@code metadata.url}, shared by every node. */
    POSTGRESQL
}
