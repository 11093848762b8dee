package dev.berth.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import dev.berth.http.AccessGate;
import dev.berth.http.HttpServer;
import dev.berth.http.Locations;
import dev.berth.metadata.MetadataStore;
import dev.berth.metadata.sql.SqliteDurability;
import dev.berth.metadata.sql.SqliteMetadataStore;
import dev.berth.registry.Registry;
import dev.berth.registry.RegistryPolicy;
import dev.berth.storage.BlobStore;
import dev.berth.storage.fs.FileBlobStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.time.Clock;

/**
 * The whole stack (filesystem blobs, SQLite with {@link SqliteDurability#FULL}, Jetty on 127.0.0.1 and an
 * ephemeral port) as a process of its own, so a test can kill it with SIGKILL. Usage: {@code TestServerMain
 * DATA_DIR}. Prints {@code PORT=<n>} on standard output once it serves, then runs until killed. The data directory
 * is laid out like {@link TestRegistry}'s: blobs under {@code blobs-root/}, metadata in {@code metadata.db}.
 */
public final class TestServerMain {
    private TestServerMain() {
    }

    /** Where the blob store of a server started on {@code dataDir} keeps its content-addressed blobs. */
    public static Path blobsDir(Path dataDir) {
        return dataDir.resolve("blobs-root").resolve("blobs");
    }

    public static void main(String[] args) throws InterruptedException {
        if (args.length != 1) {
            System.err.println("usage: TestServerMain DATA_DIR");
            System.exit(2);
        }
        quietLogs();
        Path dataDir = Path.of(args[0]);
        BlobStore store = new FileBlobStore(dataDir.resolve("blobs-root"));
        MetadataStore metadata = SqliteMetadataStore.open(dataDir.resolve("metadata.db"), SqliteDurability.FULL);
        Registry registry = Registry.create(store, metadata, RegistryPolicy.defaults(), Clock.systemUTC());
        HttpServer server = new HttpServer(HttpServer.HttpSettings.local(0), registry, Locations.relative(), () -> {
            store.ping();
            metadata.ping();
        }, AccessGate.OPEN);
        server.start();
        System.out.println("PORT=" + server.port());
        System.out.flush();
        server.join();
    }

    /** Only warnings and errors: the parent reads this process's output to find the port. */
    private static void quietLogs() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            context.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(Level.WARN);
        }
    }
}
