package dev.berth.metadata.sql;

import dev.berth.domain.ErrorCode;
import dev.berth.domain.RegistryException;
import dev.berth.metadata.MetadataStore;
import org.postgresql.ds.PGSimpleDataSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.function.Function;

/**
 * One opened and migrated metadata database, for the metadata store and for other tables kept in the same
 * database (identities and permissions): they share its connections, and on SQLite its one writer. Closing the
 * database, or the {@link #metadataStore()} view, closes the connections for every user of it.
 *
 * <p>{@link #write} and {@link #read} follow the metadata store's transaction rules (docs/metadata.md): the work
 * may run more than once and on another thread, so it must only touch the {@link SqlSession}.
 */
public final class MetadataDatabase implements AutoCloseable {
    private final Database database;
    private final MetadataStore metadataStore;

    private MetadataDatabase(Database database) {
        this.database = database;
        this.metadataStore = new SqlMetadataStore(database, Clock.systemUTC());
    }

    /**
     * Opens (creating when missing, with its parent directories) and migrates an SQLite database file.
     *
     * @throws RegistryException {@code UNAVAILABLE} when the file cannot be created or opened
     */
    public static MetadataDatabase openSqlite(Path dbFile, SqliteDurability durability) {
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
        return new MetadataDatabase(SqliteDatabase.open(url, durability));
    }

    /**
     * Opens an existing SQLite database as it is, for a process that only reads it (migrate's source, possibly
     * beside the server that owns it): nothing is created and the schema is not upgraded under that server.
     *
     * @throws RegistryException {@code UNAVAILABLE} when there is no such file or its schema is not this version's
     */
    public static MetadataDatabase openExistingSqlite(Path dbFile, SqliteDurability durability) {
        Path file = dbFile.toAbsolutePath();
        if (!Files.isRegularFile(file)) {
            throw RegistryException.of(ErrorCode.UNAVAILABLE, "no metadata database at " + file);
        }
        String url = "jdbc:sqlite:" + file;
        int pending = Migrations.pending(SqliteDatabase.dataSource(url, durability), SqlDialect.SQLITE);
        if (pending > 0) {
            throw RegistryException.of(ErrorCode.UNAVAILABLE, file + " lacks " + pending + " schema migration"
                    + (pending == 1 ? "" : "s") + " of this Berth version: start this version's `berth serve` on it "
                    + "once (it upgrades the schema), then read it");
        }
        return new MetadataDatabase(SqliteDatabase.open(url, durability));
    }

    /**
     * Connects a pool of at most {@code poolSize} connections and migrates the schema (Flyway takes a database
     * lock, so nodes starting together migrate once).
     *
     * @throws RegistryException {@code UNAVAILABLE} when the database cannot be reached
     */
    public static MetadataDatabase openPostgres(String jdbcUrl, String user, String password, int poolSize) {
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
        return new MetadataDatabase(database);
    }

    /** The metadata store on this database. */
    public MetadataStore metadataStore() {
        return metadataStore;
    }

    /** Runs {@code work} in one read-write transaction and commits it, retried when it loses a race. */
    public <T> T write(Function<SqlSession, T> work) {
        return WriteRetry.run(database.dialect(), () -> database.write(work));
    }

    /** Runs {@code work} in one read-only transaction on a consistent snapshot. */
    public <T> T read(Function<SqlSession, T> work) {
        return database.read(work);
    }

    @Override
    public void close() {
        database.close();
    }
}
