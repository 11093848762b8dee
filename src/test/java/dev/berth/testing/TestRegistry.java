package dev.berth.testing;

import dev.berth.http.HttpAuth;
import dev.berth.http.HttpServer;
import dev.berth.http.Locations;
import dev.berth.http.TlsSettings;
import dev.berth.metadata.MetadataStore;
import dev.berth.metadata.cache.CachingMetadataStore;
import dev.berth.metadata.sql.SqliteDurability;
import dev.berth.metadata.sql.SqliteMetadataStore;
import dev.berth.registry.Registry;
import dev.berth.registry.RegistryPolicy;
import dev.berth.storage.BlobStore;
import dev.berth.storage.fs.FileBlobStore;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;

/** A whole Berth (filesystem blobs, SQLite metadata, Jetty) on an ephemeral loopback port, for HTTP-level tests. */
public final class TestRegistry implements AutoCloseable {
    private final BlobStore store;
    private final MetadataStore metadata;
    private final HttpServer server;

    private TestRegistry(Path dataDir, RegistryPolicy policy, BlobStore blobStore, Optional<TlsSettings> tls,
                         HttpAuth auth) {
        store = blobStore;
        // As `berth serve` runs it: SQLite behind the read cache.
        metadata = new CachingMetadataStore(SqliteMetadataStore.open(dataDir.resolve("metadata.db"),
                SqliteDurability.NORMAL), 8L << 20);
        Registry registry = Registry.create(store, metadata, policy, Clock.systemUTC());
        server = new HttpServer(HttpServer.HttpSettings.local(0), tls, registry, Locations.relative(), () -> {
            store.ping();
            metadata.ping();
        }, auth);
        server.start();
    }

    public static TestRegistry start(Path dataDir) {
        return start(dataDir, RegistryPolicy.defaults());
    }

    public static TestRegistry start(Path dataDir, RegistryPolicy policy) {
        return start(dataDir, policy, fileStore(dataDir));
    }

    /** A registry over the given blob store (for example an S3 store on S3Proxy); it closes the store. */
    public static TestRegistry start(Path dataDir, RegistryPolicy policy, BlobStore store) {
        return new TestRegistry(dataDir, policy, store, Optional.empty(), HttpAuth.open());
    }

    /** The blob store a registry in {@code dataDir} has unless it is given another. */
    public static BlobStore fileStore(Path dataDir) {
        return new FileBlobStore(dataDir.resolve("blobs-root"));
    }

    /** A registry with TLS and/or access control. */
    public static TestRegistry start(Path dataDir, Optional<TlsSettings> tls, HttpAuth auth) {
        return new TestRegistry(dataDir, RegistryPolicy.defaults(), fileStore(dataDir), tls, auth);
    }

    public HttpServer server() {
        return server;
    }

    public int port() {
        return server.port();
    }

    public URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + port() + pathAndQuery);
    }

    public MetadataStore metadata() {
        return metadata;
    }

    public BlobStore store() {
        return store;
    }

    @Override
    public void close() {
        server.close();
        metadata.close();
        store.close();
    }
}
