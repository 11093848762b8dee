package dev.berth.server;

import dev.berth.config.BerthConfig;
import dev.berth.config.PostgresConfig;
import dev.berth.config.S3Config;
import dev.berth.config.Secret;
import dev.berth.metadata.InProcessLocks;
import dev.berth.metadata.Locks;
import dev.berth.metadata.MetadataStore;
import dev.berth.metadata.sql.PostgresLocks;
import dev.berth.metadata.sql.SqliteDurability;
import dev.berth.metadata.sql.MetadataDatabase;
import dev.berth.storage.BlobStore;
import dev.berth.storage.fs.FileBlobStore;
import dev.berth.storage.s3.S3BlobStore;
import dev.berth.storage.s3.S3Settings;

/**
 * The stores a configuration names, opened: the blob store, the metadata store and the locks that go with it
 * (shared through PostgreSQL, in-process with SQLite). Used by {@code serve} and by {@code migrate} for both ends.
 *
 * @param blobs    bytes by digest and upload bytes
 * @param database the metadata database: the single source of truth, also home of identities and audit
 * @param locks    upload and job locks, shared by every node when the metadata store is
 */
public record Stores(BlobStore blobs, MetadataDatabase database, Locks locks) implements AutoCloseable {

    /** The metadata store over {@link #database()}. */
    public MetadataStore metadata() {
        return database.metadataStore();
    }

    /** Opens every store, closing what was opened when a later one fails. */
    public static Stores open(BerthConfig config) {
        BlobStore blobs = openBlobStore(config);
        try {
            return switch (config.metadata().type()) {
                case SQLITE -> new Stores(blobs, MetadataDatabase.openSqlite(config.metadata().path(),
                        SqliteDurability.valueOf(config.metadata().sqliteDurability().name())), new InProcessLocks());
                case POSTGRESQL -> openPostgres(blobs, config.metadata().postgresql());
            };
        } catch (RuntimeException e) {
            blobs.close();
            throw e;
        }
    }

    private static Stores openPostgres(BlobStore blobs, PostgresConfig postgres) {
        String url = postgres.url().orElseThrow();
        String password = postgres.password().map(Secret::reveal).orElse("");
        MetadataDatabase database = MetadataDatabase.openPostgres(url, postgres.user(), password, postgres.poolSize());
        try {
            return new Stores(blobs, database, PostgresLocks.open(url, postgres.user(), password));
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
    }

    private static BlobStore openBlobStore(BerthConfig config) {
        return switch (config.storage().type()) {
            case FILESYSTEM -> new FileBlobStore(config.storage().root());
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
            blobs.close();
        }
    }
}
