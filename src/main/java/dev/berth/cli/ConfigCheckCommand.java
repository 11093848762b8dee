package dev.berth.cli;

import dev.berth.config.BerthConfig;
import dev.berth.config.ConfigLoader;
import dev.berth.config.EffectiveConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code berth config check}: loads the configuration exactly as {@code serve} would and prints the effective
 * values as YAML, or every error (exit code 2).
 */
@Command(name = "check", sortOptions = false, description = "Validate the configuration and print the effective values (exit code 2 on errors).")
final class ConfigCheckCommand implements Callable<Integer> {
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    private boolean help;
    private final Map<String, String> environment;
    private ConfigFlags flags;
    @Spec
    private CommandSpec spec;

    ConfigCheckCommand(Map<String, String> environment) {
        this.environment = environment;
    }

    void addConfigFlags(CommandSpec command) {
        flags = new ConfigFlags(command);
    }

    @Override
    public Integer call() {
        BerthConfig config = flags.load(new ConfigLoader(environment));
        spec.commandLine().getOut().println("# Effective configuration (defaults < file < environment < flags)");
        spec.commandLine().getOut().print(EffectiveConfig.toYaml(config));
        spec.commandLine().getOut().flush();
        return 0;
    }
}
