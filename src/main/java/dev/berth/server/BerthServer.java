package dev.berth.server;

import dev.berth.config.BerthConfig;
import dev.berth.config.ServerConfig;
import dev.berth.config.TlsConfig;
import dev.berth.http.HttpServer;
import dev.berth.http.Locations;
import dev.berth.http.TlsSettings;
import dev.berth.jobs.UploadPurgeJob;
import dev.berth.metadata.MetadataStore;
import dev.berth.metadata.sql.MetadataDatabase;
import dev.berth.registry.Registry;
import dev.berth.registry.RegistryPolicy;
import dev.berth.storage.BlobStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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
            Stores stores = Stores.open(config);
            resources.add(stores);
            BlobStore store = stores.blobs();
            MetadataStore metadata = stores.metadata();
            Registry registry = Registry.create(store, metadata, stores.locks(), policy(config), clock);
            resources.add(new UploadPurgeJob(registry.uploads(), clock, config.uploads().purgeAfter(),
                    config.uploads().purgeInterval(), new SharedJobRuns(metadata, stores.locks(), clock)));
            ServerConfig server = config.server();
            warnIfCredentialsTravelInClear(config);
            http = new HttpServer(new HttpServer.HttpSettings(server.listen().host(), server.listen().port(),
                    server.maxRequestHeaderBytes(), IDLE_TIMEOUT, server.shutdownGrace(), IO_THREADS),
                    tls(config), registry, new Locations(server.externalUrl().map(Object::toString)), () -> {
                        store.ping();
                        metadata.ping();
                    }, AccessWiring.httpAuth(config, stores.database(), clock));
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
        LOG.info("Berth listening on {}://{}:{} ({}, auth {})", server.http.isTls() ? "https" : "http",
                config.server().listen().host(), server.port(), Stores.describe(config),
                config.auth().mode().configName());
        return server;
    }

    private static Optional<TlsSettings> tls(BerthConfig config) {
        TlsConfig tls = config.tls();
        if (!tls.enabled()) {
            return Optional.empty();
        }
        return Optional.of(new TlsSettings(tls.certificate().orElseThrow(), tls.privateKey().orElseThrow(),
                tls.reloadInterval()));
    }

    /** Basic credentials and bearer tokens are as good as passwords: without TLS anyone on the path can read them. */
    private static void warnIfCredentialsTravelInClear(BerthConfig config) {
        if (!config.auth().enabled() || config.tls().enabled()) {
            return;
        }
        boolean behindTlsProxy = config.server().externalUrl().map(url -> "https".equals(url.getScheme()))
                .orElse(false);
        if (behindTlsProxy) {
            LOG.info("authentication is on without TLS here; TLS is expected to end at the proxy of {}",
                    config.server().externalUrl().orElseThrow());
            return;
        }
        LOG.warn("authentication is on ({}) but TLS is off: passwords and tokens cross the network in clear text. "
                + "Serve HTTPS with --tls-cert FILE --tls-key FILE, or put Berth behind a TLS proxy and set "
                + "--external-url https://...", config.auth().mode().configName());
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
