package dev.berth.testing;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import dev.berth.config.BerthConfig;
import dev.berth.config.ConfigLoader;
import dev.berth.server.BerthServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * The shipped server ({@link BerthServer}, the same composition root as {@code berth serve}: filesystem blobs,
 * SQLite at its default FULL durability) as a process of its own on 127.0.0.1 and an ephemeral port, so a test can
 * kill it with SIGKILL. Usage: {@code TestServerMain DATA_DIR}. Prints {@code PORT=<n>} on standard output once it
 * serves, then runs until killed. The data directory has the default layout: blobs under {@code blobs/}, metadata
 * in {@code metadata.db}.
 */
public final class TestServerMain {
    private TestServerMain() {
    }

    /** Where a server started on {@code dataDir} keeps its content-addressed blobs. */
    public static Path blobsDir(Path dataDir) {
        return dataDir.resolve("blobs");
    }

    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: TestServerMain DATA_DIR");
            System.exit(2);
        }
        quietLogs();
        BerthConfig config = new ConfigLoader(Map.of()).load(Optional.empty(),
                Map.of("data-dir", args[0], "server.listen", "127.0.0.1:0"));
        BerthServer server = (BerthServer) BerthServer.start(config);
        System.out.println("PORT=" + server.port());
        System.out.flush();
        server.awaitStopped();
    }

    /** Only warnings and errors: the parent reads this process's output to find the port. */
    private static void quietLogs() {
        if (LoggerFactory.getILoggerFactory() instanceof LoggerContext context) {
            context.getLogger(Logger.ROOT_LOGGER_NAME).setLevel(Level.WARN);
        }
    }
}
