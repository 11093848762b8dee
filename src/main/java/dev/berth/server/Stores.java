package dev.berth.server;

import dev.berth.config.BerthConfig;
import dev.berth.config.MetadataConfig;
import dev.berth.config.PostgresConfig;
import dev.berth.config.S3Config;
import dev.berth.config.Secret;
import dev.berth.metadata.InProcessLocks;
import dev.berth.metadata.Locks;
import dev.berth.metadata.MetadataStore;
import dev.berth.metadata.cache.CachingMetadataStore;
import dev.berth.metadata.sql.PostgresLocks;
import dev.berth.metadata.sql.SqliteDurability;
import dev.berth.metadata.sql.MetadataDatabase;
import dev.berth.storage.BlobStore;
import dev.berth.storage.fs.FileBlobStore;
import dev.berth.storage.s3.S3BlobStore;
import dev.berth.storage.s3.S3Settings;

import java.util.Optional;

/**
 * The stores a configuration names, opened: the blob store, the metadata store and the locks that go with it
 * (shared through PostgreSQL, in-process with SQLite). Used by {@code serve} and by {@code migrate} for both ends.
 *
 * @param blobs    bytes by digest and upload bytes
 * @param database the metadata database: the single source of truth, also home of identities and audit
 * @param metadata the metadata store over {@code database}; with SQLite, behind a read cache
 * @param locks    upload and job locks, shared by every node when the metadata store is
 * @param owner    with SQLite, this process's exclusive claim on the database file (the cache relies on it)
 */
public record Stores(BlobStore blobs, MetadataDatabase database, MetadataStore metadata, Locks locks,
                     Optional<SqliteOwner> owner) implements AutoCloseable {

    /**
     * Opens every store for a process that writes (serve, migrate's target), closing what was opened when a later
     * one fails. An SQLite file is claimed for this process and read through the cache.
     */
    public static Stores open(BerthConfig config) {
        return open(config, true);
    }

    /**
     * Opens every store for a process that only reads (migrate's source), which may run beside the server that owns
     * an SQLite file: nothing is claimed, nothing cached, and an SQLite file must already exist at this version's
     * schema (it is neither created nor upgraded).
     */
    public static Stores openForReading(BerthConfig config) {
        return open(config, false);
    }

    private static Stores open(BerthConfig config, boolean owner) {
        BlobStore blobs = openBlobStore(config);
        try {
            return switch (config.metadata().type()) {
                case SQLITE -> owner ? openSqlite(blobs, config.metadata()) : readSqlite(blobs, config.metadata());
                case POSTGRESQL -> openPostgres(blobs, config.metadata().postgresql());
            };
        } catch (RuntimeException e) {
            blobs.close();
            throw e;
        }
    }

    /**
     * SQLite: one process owns the file (claimed first, so a second server on the same data fails before touching
     * it), which lets reads be cached in memory.
     */
    private static Stores openSqlite(BlobStore blobs, MetadataConfig metadata) {
        SqliteOwner owner = SqliteOwner.claim(metadata.path());
        try {
            MetadataDatabase database = MetadataDatabase.openSqlite(metadata.path(),
                    SqliteDurability.valueOf(metadata.sqliteDurability().name()));
            MetadataStore store = metadata.cacheBytes() > 0
                    ? new CachingMetadataStore(database.metadataStore(), metadata.cacheBytes())
                    : database.metadataStore();
            return new Stores(blobs, database, store, new InProcessLocks(), Optional.of(owner));
        } catch (RuntimeException e) {
            owner.close();
            throw e;
        }
    }

    private static Stores readSqlite(BlobStore blobs, MetadataConfig metadata) {
        MetadataDatabase database = MetadataDatabase.openExistingSqlite(metadata.path(),
                SqliteDurability.valueOf(metadata.sqliteDurability().name()));
        return new Stores(blobs, database, database.metadataStore(), new InProcessLocks(), Optional.empty());
    }

    private static Stores openPostgres(BlobStore blobs, PostgresConfig postgres) {
        String url = postgres.url().orElseThrow();
        String password = postgres.password().map(Secret::reveal).orElse("");
        MetadataDatabase database = MetadataDatabase.openPostgres(url, postgres.user(), password, postgres.poolSize());
        try {
            return new Stores(blobs, database, database.metadataStore(), PostgresLocks.open(url, postgres.user(),
                    password), Optional.empty());
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
    }

    private static BlobStore openBlobStore(BerthConfig config) {
        return switch (config.storage().type()) {
            case FILESYSTEM -> new FileBlobStore(config.storage().root(), config.storage().directWrites());
            case S3 -> new S3BlobStore(s3Settings(config.s3()));
        };
    }

    /** The S3 store's settings from the {@code s3} section (the binder has checked the bucket is set). */
    static S3Settings s3Settings(S3Config s3) {
        S3Settings settings = S3Settings.of(s3.bucket().orElseThrow())
                .withPrefix(s3.prefix())
                .withRegion(s3.region())
                .withPresignedRedirects(s3.redirect(), s3.redirectTtl())
                .withPartSize(s3.partSize());
        if (s3.endpoint().isPresent()) {
            settings = settings.withEndpoint(s3.endpoint().get(), s3.pathStyle());
        }
        if (s3.accessKey().isPresent() && s3.secretKey().isPresent()) {
            settings = settings.withStaticCredentials(s3.accessKey().get(), s3.secretKey().get().reveal());
        }
        return settings;
    }

    /** Where this node's data lives, for the start-up log line (no secrets). */
    public static String describe(BerthConfig config) {
        String blobs = switch (config.storage().type()) {
            case FILESYSTEM -> "blobs in " + config.storage().root();
            case S3 -> "blobs in s3://" + config.s3().bucket().orElse("") + "/" + config.s3().prefix()
                    + config.s3().endpoint().map(endpoint -> " at " + endpoint).orElse("");
        };
        String metadata = switch (config.metadata().type()) {
            case SQLITE -> "metadata in " + config.metadata().path();
            case POSTGRESQL -> "metadata in " + config.metadata().postgresql().url().orElse("")
                    .replaceFirst("\\?.*$", "");
        };
        return blobs + ", " + metadata;
    }

    @Override
    public void close() {
        try {
            locks.close();
            database.close();
        } finally {
            try {
                blobs.close();
            } finally {
                owner.ifPresent(SqliteOwner::close);
            }
        }
    }
}
