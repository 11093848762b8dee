package dev.berth.cli;

import dev.berth.config.BerthConfig;
import dev.berth.server.RunningServer;

/** Starts a server from a configuration; {@code BerthServer::start} in production, a fake in tests. */
@FunctionalInterface
public interface ServerLauncher {
    RunningServer start(BerthConfig config);
}
