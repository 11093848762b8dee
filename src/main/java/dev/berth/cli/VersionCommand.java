package dev.berth.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code berth version}: the same text as {@code berth --version}. */
@Command(name = "version", description = "Print the Berth and Java versions.")
final class VersionCommand implements Runnable {
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help and exit.")
    private boolean help;
    @Spec
    private CommandSpec spec;

    @Override
    public void run() {
        for (String line : new BerthVersion().getVersion()) {
            spec.commandLine().getOut().println(line);
        }
        spec.commandLine().getOut().flush();
    }
}
