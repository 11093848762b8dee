package dev.berth.server;

import dev.berth.config.BerthConfig;
import dev.berth.config.ServerConfig;
import dev.berth.http.HttpServer;
import dev.berth.http.Locations;
import dev.berth.jobs.UploadPurgeJob;
import dev.berth.metadata.MetadataStore;
import dev.berth.metadata.sql.SqliteDurability;
import dev.berth.metadata.sql.SqliteMetadataStore;
import dev.berth.registry.Registry;
import dev.berth.registry.RegistryPolicy;
import dev.berth.storage.BlobStore;
import dev.berth.storage.fs.FileBlobStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * The composition root: turns one typed configuration into stores, the registry core, background jobs and the HTTP
 * server, and stops them in reverse order.
 */
public final class BerthServer implements RunningServer {
    private static final Logger LOG = LoggerFactory.getLogger(BerthServer.class);
    private static final Duration IDLE_TIMEOUT = Duration.ofMinutes(5);
    private static final int IO_THREADS = 64;

    private final List<AutoCloseable> resources = new ArrayList<>();
    private final CountDownLatch stopped = new CountDownLatch(1);
    private final HttpServer http;

    private BerthServer(BerthConfig config) {
        Clock clock = Clock.systemUTC();
        try {
            BlobStore store = new FileBlobStore(config.storage().root());
            resources.add(store);
            MetadataStore metadata = SqliteMetadataStore.open(config.metadata().path(),
                    SqliteDurability.valueOf(config.metadata().sqliteDurability().name()));
            resources.add(metadata);
            Registry registry = Registry.create(store, metadata, policy(config), clock);
            resources.add(new UploadPurgeJob(registry.uploads(), clock, config.uploads().purgeAfter(),
                    config.uploads().purgeInterval()));
            ServerConfig server = config.server();
            http = new HttpServer(new HttpServer.HttpSettings(server.listen().host(), server.listen().port(),
                    server.maxRequestHeaderBytes(), IDLE_TIMEOUT, server.shutdownGrace(), IO_THREADS),
                    registry, new Locations(server.externalUrl().map(Object::toString)), () -> {
                        store.ping();
                        metadata.ping();
                    }, dev.berth.http.AccessGate.OPEN);
            http.start();
            resources.add(http);
        } catch (RuntimeException e) {
            closeAll();
            throw e;
        }
    }

    /** Starts a node; throws when the stores cannot be opened or the port cannot be bound. */
    public static RunningServer start(BerthConfig config) {
        BerthServer server = new BerthServer(config);
        LOG.info("Berth listening on {}:{} (data in {})", config.server().listen().host(), server.port(),
                config.dataDir());
        return server;
    }

    public int port() {
        return http.port();
    }

    @Override
    public void awaitStopped() {
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        if (stopped.getCount() == 0) {
            return;
        }
        LOG.info("stopping Berth");
        closeAll();
        stopped.countDown();
    }

    private void closeAll() {
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (Exception e) {
                LOG.warn("error while closing {}: {}", resources.get(i).getClass().getSimpleName(), e.toString());
            }
        }
        resources.clear();
    }

    private static RegistryPolicy policy(BerthConfig config) {
        var r = config.registry();
        return new RegistryPolicy(r.deletesEnabled(), r.maxManifestBytes(), r.requireIndexChildren(), r.maxPageSize(),
                r.referrersPageSize());
    }
}
