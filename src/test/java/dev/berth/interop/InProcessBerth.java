package dev.berth.interop;

import dev.berth.http.AccessGate;
import dev.berth.http.HttpServer;
import dev.berth.http.Locations;
import dev.berth.metadata.MetadataStore;
import dev.berth.metadata.sql.SqliteDurability;
import dev.berth.metadata.sql.SqliteMetadataStore;
import dev.berth.registry.Registry;
import dev.berth.registry.RegistryPolicy;
import dev.berth.storage.fs.FileBlobStore;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/**
 * The whole stack on a loopback port, like {@code TestRegistry}, with its blob store wrapped in a
 * {@link CountingBlobStore} so a test can tell a cross-repository mount from an upload.
 */
final class InProcessBerth implements AutoCloseable {
    private final CountingBlobStore store;
    private final MetadataStore metadata;
    private final HttpServer server;
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    InProcessBerth(Path dataDir) {
        store = new CountingBlobStore(new FileBlobStore(dataDir.resolve("blobs-root")));
        metadata = SqliteMetadataStore.open(dataDir.resolve("metadata.db"), SqliteDurability.NORMAL);
        Registry registry = Registry.create(store, metadata, RegistryPolicy.defaults(), Clock.systemUTC());
        server = new HttpServer(HttpServer.HttpSettings.local(0), registry, Locations.relative(), () -> {
            store.ping();
            metadata.ping();
        }, AccessGate.OPEN);
        server.start();
    }

    int port() {
        return server.port();
    }

    CountingBlobStore store() {
        return store;
    }

    HttpResponse<byte[]> send(String method, String path, String... headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port() + path))
                .timeout(Duration.ofSeconds(30)).method(method, HttpRequest.BodyPublishers.noBody());
        if (headers.length > 0) {
            request.headers(headers);
        }
        try {
            return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        http.shutdownNow();
        server.close();
        metadata.close();
        store.close();
    }
}
