package dev.berth.metadata.sql;

import dev.berth.domain.ErrorCode;
import dev.berth.domain.RegistryException;
import dev.berth.metadata.MetadataStore;
import org.postgresql.ds.PGSimpleDataSource;

import java.time.Clock;

/** The scale-out metadata store: a PostgreSQL database shared by every node, migrated on open. */
public final class PostgresMetadataStore {
    private PostgresMetadataStore() {
    }

    /**
     * Connects a pool of at most {@code poolSize} connections and migrates the schema (Flyway takes a database
     * lock, so nodes starting together migrate once).
     *
     * @throws RegistryException {@code UNAVAILABLE} when the database cannot be reached
     */
    public static MetadataStore open(String jdbcUrl, String user, String password, int poolSize) {
        if (poolSize < 1) {
            throw RegistryException.of(ErrorCode.UNKNOWN, "metadata pool size must be at least 1, got " + poolSize);
        }
        PostgresDatabase database = PostgresDatabase.open(jdbcUrl, user, password, poolSize);
        try {
            // Flyway gets plain auto-commit connections of its own rather than the pool's transactional ones.
            PGSimpleDataSource migrationSource = new PGSimpleDataSource();
            migrationSource.setURL(jdbcUrl);
            migrationSource.setUser(user);
            migrationSource.setPassword(password);
            Migrations.migrate(migrationSource, SqlDialect.POSTGRESQL);
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
        return new SqlMetadataStore(database, Clock.systemUTC());
    }
}
