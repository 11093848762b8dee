package dev.berth.testing;

import dev.berth.http.HttpServer;
import dev.berth.http.Locations;
import dev.berth.metadata.MetadataStore;
import dev.berth.metadata.sql.SqliteDurability;
import dev.berth.metadata.sql.SqliteMetadataStore;
import dev.berth.registry.Registry;
import dev.berth.registry.RegistryPolicy;
import dev.berth.storage.BlobStore;
import dev.berth.storage.fs.FileBlobStore;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;

/** A whole Berth (filesystem blobs, SQLite metadata, Jetty) on an ephemeral loopback port, for HTTP-level tests. */
public final class TestRegistry implements AutoCloseable {
    private final BlobStore store;
    private final MetadataStore metadata;
    private final HttpServer server;

    private TestRegistry(Path dataDir, RegistryPolicy policy) {
        store = new FileBlobStore(dataDir.resolve("blobs-root"));
        metadata = SqliteMetadataStore.open(dataDir.resolve("metadata.db"), SqliteDurability.NORMAL);
        Registry registry = Registry.create(store, metadata, policy, Clock.systemUTC());
        server = new HttpServer(HttpServer.HttpSettings.local(0), registry, Locations.relative(), () -> {
            store.ping();
            metadata.ping();
        }, dev.berth.http.AccessGate.OPEN);
        server.start();
    }

    public static TestRegistry start(Path dataDir) {
        return new TestRegistry(dataDir, RegistryPolicy.defaults());
    }

    public static TestRegistry start(Path dataDir, RegistryPolicy policy) {
        return new TestRegistry(dataDir, policy);
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
