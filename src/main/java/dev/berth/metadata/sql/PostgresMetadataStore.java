package dev.berth.metadata.sql;

import dev.berth.domain.RegistryException;
import dev.berth.metadata.MetadataStore;

/** The scale-out metadata store: a PostgreSQL database shared by every node, migrated on open. */
public final class PostgresMetadataStore {
    private PostgresMetadataStore() {
    }

    /**
     * Connects a pool of at most {@code poolSize} connections and migrates the schema (Flyway takes a database
     * lock, so nodes starting together migrate once).
     *
     * @throws RegistryException {@code UNAVAILABLE} when the database cannot be reached
     * @see MetadataDatabase#openPostgres(String, String, String, int) to share the database with other tables
     */
    public static MetadataStore open(String jdbcUrl, String user, String password, int poolSize) {
        return MetadataDatabase.openPostgres(jdbcUrl, user, password, poolSize).metadataStore();
    }
}
