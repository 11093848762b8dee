package dev.berth.testing;

import dev.berth.auth.AccessAdmin;
import dev.berth.auth.AccessControl;
import dev.berth.auth.AccessSettings;
import dev.berth.auth.Actor;
import dev.berth.auth.sql.SqlIdentityStore;
import dev.berth.config.BerthConfig;
import dev.berth.config.ConfigLoader;
import dev.berth.metadata.sql.MetadataDatabase;
import dev.berth.metadata.sql.SqliteDurability;
import dev.berth.server.BerthServer;
import dev.berth.server.RunningServer;

import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * A whole Berth node (the production composition root) with authentication on, on an ephemeral loopback port.
 * Identities are seeded before the start through the same database, the way {@code berth user add} does it.
 */
public final class SecuredRegistry implements AutoCloseable {
    private final BerthServer server;
    private final Path dataDir;

    private SecuredRegistry(BerthServer server, Path dataDir) {
        this.server = server;
        this.dataDir = dataDir;
    }

    /**
     * @param settings more configuration keys ({@code auth.mode} at least)
     * @param seed     runs before the start with the administration service, an operator actor, and the clock
     *                 it should treat as now (a clock in the past makes expired tokens)
     */
    public static SecuredRegistry start(Path dataDir, Map<String, String> settings,
                                        BiConsumer<AccessAdmin, Actor> seed, Clock seedClock) {
        try (MetadataDatabase database = MetadataDatabase.openSqlite(dataDir.resolve("metadata.db"),
                SqliteDurability.NORMAL)) {
            AccessControl access = AccessControl.create(new SqlIdentityStore(database), AccessSettings.DEFAULTS,
                    seedClock);
            seed.accept(access.admin(), Actor.localOperator("test"));
        }
        Map<String, String> values = new LinkedHashMap<>();
        values.put("data-dir", dataDir.toString());
        values.put("server.listen", "127.0.0.1:0");
        values.put("metadata.sqlite-durability", "normal");
        values.putAll(settings);
        BerthConfig config = new ConfigLoader(Map.of()).load(Optional.empty(), values);
        RunningServer running = BerthServer.start(config);
        return new SecuredRegistry((BerthServer) running, dataDir);
    }

    public int port() {
        return server.port();
    }

    public URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + port() + pathAndQuery);
    }

    public Path dataDir() {
        return dataDir;
    }

    @Override
    public void close() {
        server.close();
    }
}
