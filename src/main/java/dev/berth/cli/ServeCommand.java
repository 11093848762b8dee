package dev.berth.cli;

import dev.berth.config.BerthConfig;
import dev.berth.config.ConfigLoader;
import dev.berth.server.RunningServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Model.CommandSpec;

import java.util.Map;
import java.util.concurrent.Callable;

/** {@code berth serve}: loads the configuration, starts the registry and runs until stopped. */
@Command(name = "serve", sortOptions = false, description = "Start the registry. With no options: 127.0.0.1:5000, data in ./data, SQLite metadata.")
final class ServeCommand implements Callable<Integer> {
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    private boolean help;
    private final Map<String, String> environment;
    private final ServerLauncher launcher;
    private ConfigFlags flags;

    ServeCommand(Map<String, String> environment, ServerLauncher launcher) {
        this.environment = environment;
        this.launcher = launcher;
    }

    void addConfigFlags(CommandSpec spec) {
        flags = new ConfigFlags(spec);
    }

    @Override
    public Integer call() {
        BerthConfig config = flags.load(new ConfigLoader(environment));
        LogSetup.apply(config.log());
        RunningServer server = launcher.start(config);
        Thread shutdown = new Thread(server::close, "berth-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdown);
        server.awaitStopped();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdown);
        } catch (IllegalStateException alreadyShuttingDown) {
            // The hook is what stopped the server; the JVM is exiting anyway.
        }
        return 0;
    }
}
