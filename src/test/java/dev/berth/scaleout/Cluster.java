package dev.berth.scaleout;

import dev.berth.config.BerthConfig;
import dev.berth.config.ConfigLoader;
import dev.berth.server.BerthServer;
import dev.berth.server.RunningServer;
import dev.berth.server.Stores;
import dev.berth.testing.PostgresTestDatabase;
import dev.berth.testing.S3ProxyServer;
import dev.berth.testing.TcpProxy;

import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Several Berth nodes in this JVM, each started by the real composition root ({@link BerthServer}) from its own
 * configuration, sharing one PostgreSQL database of their own and one blob store: an S3Proxy bucket reached through
 * a {@link TcpProxy} the test can cut or stall, or a shared directory.
 */
final class Cluster implements AutoCloseable {
    static final String BUCKET = "berth-cluster";

    enum Blobs { S3, SHARED_DIRECTORY }

    private final Path dir;
    private final Blobs blobs;
    private final PostgresTestDatabase database;
    private final S3ProxyServer s3;
    private final TcpProxy s3Link;
    private final List<BerthServer> nodes = new ArrayList<>();
    private final Map<String, String> extraKeys;

    private Cluster(Path dir, Blobs blobs, int nodeCount, Map<String, String> extraKeys) {
        this.dir = dir;
        this.blobs = blobs;
        this.extraKeys = Map.copyOf(extraKeys);
        this.database = PostgresTestDatabase.create();
        try {
            if (blobs == Blobs.S3) {
                s3 = S3ProxyServer.startTransient();
                s3.createBucket(BUCKET);
                s3Link = TcpProxy.to("127.0.0.1", s3.endpoint().getPort());
            } else {
                s3 = null;
                s3Link = null;
            }
            for (int i = 0; i < nodeCount; i++) {
                RunningServer node = BerthServer.start(config(i));
                nodes.add((BerthServer) node);
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    static Cluster start(Path dir, Blobs blobs, int nodeCount) {
        return new Cluster(dir, blobs, nodeCount, Map.of());
    }

    /** A cluster whose nodes also get {@code extraKeys} (configuration key → value). */
    static Cluster start(Path dir, Blobs blobs, int nodeCount, Map<String, String> extraKeys) {
        return new Cluster(dir, blobs, nodeCount, extraKeys);
    }

    int size() {
        return nodes.size();
    }

    URI node(int index) {
        return URI.create("http://127.0.0.1:" + nodes.get(index).port());
    }

    List<URI> nodes() {
        List<URI> uris = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            uris.add(node(i));
        }
        return uris;
    }

    /** The relay in front of S3Proxy, to cut or stall the nodes' S3 connections. */
    TcpProxy s3Link() {
        return Optional.ofNullable(s3Link).orElseThrow(() -> new IllegalStateException("not an S3 cluster"));
    }

    PostgresTestDatabase database() {
        return database;
    }

    /** Opens the cluster's stores directly (as a node does), to check the final state behind the HTTP API. */
    Stores openStores() {
        return Stores.open(config(nodes.size() + 100));
    }

    /** The configuration of node {@code index}, as a user would write it: only keys, nothing in-process. */
    BerthConfig config(int index) {
        Map<String, String> keys = new LinkedHashMap<>();
        keys.put("data-dir", dir.resolve("node-" + index).toString());
        keys.put("server.listen", "127.0.0.1:0");
        keys.put("server.shutdown-grace", "1s");
        keys.put("log.level", "warn");
        if (blobs == Blobs.S3) {
            keys.put("storage.type", "s3");
            keys.put("s3.bucket", BUCKET);
            keys.put("s3.endpoint", "http://127.0.0.1:" + s3Link.port());
            keys.put("s3.path-style", "true");
            keys.put("s3.region", S3ProxyServer.REGION);
            keys.put("s3.access-key", S3ProxyServer.ACCESS_KEY);
            keys.put("s3.secret-key", S3ProxyServer.SECRET_KEY);
        } else {
            keys.put("storage.root", dir.resolve("shared-blobs").toString());
        }
        keys.put("metadata.type", "postgresql");
        keys.put("metadata.url", database.url());
        keys.put("metadata.user", database.user());
        if (!database.password().isEmpty()) {
            keys.put("metadata.password", database.password());
        }
        keys.put("metadata.pool-size", "8");
        keys.putAll(extraKeys);
        return new ConfigLoader(Map.of()).load(Optional.empty(), keys);
    }

    @Override
    public void close() {
        for (BerthServer node : nodes) {
            node.close();
        }
        if (s3Link != null) {
            s3Link.close();
        }
        if (s3 != null) {
            s3.close();
        }
        database.close();
    }
}
