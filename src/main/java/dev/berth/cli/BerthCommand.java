package dev.berth.cli;

import dev.berth.server.BerthServer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.InputStream;
import java.util.List;
import java.util.Map;

/** The {@code berth} command line: the jar's entry point. */
@Command(name = "berth", mixinStandardHelpOptions = true, versionProvider = BerthVersion.class,
        description = "Berth, an OCI container registry.",
        footer = {"", "Run 'berth COMMAND --help' for a command's options. Documentation: README.md, docs/."})
public final class BerthCommand implements Runnable {
    @Spec
    private CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine(System.getenv(), BerthServer::start).execute(args));
    }

    /**
     * The command line with its subcommands.
     *
     * @param environment the process environment ({@code BERTH_*} variables are read from it)
     * @param launcher    starts the server for {@code serve}
     */
    public static CommandLine commandLine(Map<String, String> environment, ServerLauncher launcher) {
        return commandLine(environment, launcher, System.in);
    }

    /**
     * The command line with its subcommands, reading passwords ({@code --password-stdin}) from {@code stdin}.
     */
    public static CommandLine commandLine(Map<String, String> environment, ServerLauncher launcher,
                                          InputStream stdin) {
        ServeCommand serve = new ServeCommand(environment, launcher);
        CommandLine serveLine = new CommandLine(serve);
        serve.addConfigFlags(serveLine.getCommandSpec());
        serveLine.getCommandSpec().usageMessage().footer(ConfigHelp.footer()).width(ConfigHelp.WIDTH);

        ConfigCheckCommand check = new ConfigCheckCommand(environment);
        CommandLine checkLine = new CommandLine(check);
        check.addConfigFlags(checkLine.getCommandSpec());
        checkLine.getCommandSpec().usageMessage().footer(ConfigHelp.footer()).width(ConfigHelp.WIDTH);

        CommandLine root = new CommandLine(new BerthCommand())
                .addSubcommand("serve", serveLine)
                .addSubcommand("config", new CommandLine(new ConfigCommand()).addSubcommand("check", checkLine))
                .addSubcommand("migrate", new MigrateCommand(environment))
                .addSubcommand("version", new VersionCommand());
        AccessCommandContext access = new AccessCommandContext(environment, stdin,
                System.getProperty("user.name", "unknown"));
        for (AccessCommandGroup group : List.of(new UserCommand(access), new TokenCommand(access),
                new RobotCommand(access), new NamespaceCommand(access), new RuleCommand(access),
                new AuditCommand(access))) {
            CommandLine groupLine = group.commandLine();
            root.addSubcommand(groupLine.getCommandName(), groupLine);
        }
        root.setExecutionExceptionHandler(new StartupFailure());
        return root;
    }

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing command: try 'berth serve' or 'berth --help'");
    }
}
