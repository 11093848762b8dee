package dev.berth.cli;

import dev.berth.auth.AccessAdmin;
import dev.berth.auth.AccessControl;
import dev.berth.auth.AccessSettings;
import dev.berth.auth.Actor;
import dev.berth.auth.Role;
import dev.berth.auth.sql.SqlIdentityStore;
import dev.berth.config.BerthConfig;
import dev.berth.config.ConfigLoader;
import dev.berth.config.LogConfig;
import dev.berth.config.LogLevel;
import dev.berth.domain.RegistryException;
import dev.berth.metadata.sql.MetadataDatabase;
import dev.berth.metadata.sql.SqliteDurability;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/**
 * A group of commands on identities and permissions ({@code berth user …}, {@code berth token …}): each
 * subcommand is a method, opens the database of the configured data directory directly (no server needed, the
 * server may be running) and acts as the local operator, a registry admin by virtue of access to the files.
 * Failures the operator can fix (unknown user, invalid name) print one line and exit with {@value #REFUSED}.
 */
abstract class AccessCommandGroup implements Runnable {
    static final int REFUSED = 1;

    @Option(names = {"-h", "--help"}, usageHelp = true, scope = ScopeType.INHERIT,
            description = "Show this help and exit.")
    private boolean help;
    @Spec
    private CommandSpec spec;
    private final AccessCommandContext context;
    private final Map<String, ConfigFlags> flags = new HashMap<>();

    AccessCommandGroup(AccessCommandContext context) {
        this.context = context;
    }

    /** The group with its subcommands, each given the database options. */
    CommandLine commandLine() {
        CommandLine line = new CommandLine(this);
        line.getSubcommands().forEach((name, subcommand) ->
                flags.put(name, ConfigFlags.forDatabase(subcommand.getCommandSpec())));
        return line;
    }

    @Override
    public void run() {
        throw new ParameterException(spec.commandLine(), "Missing subcommand: try 'berth " + spec.name()
                + " --help'");
    }

    /** Work on the access administration, run by one subcommand. */
    @FunctionalInterface
    interface AdminWork {
        void run(AccessAdmin admin, Actor operator, PrintWriter out);
    }

    /** Opens the database of the configuration {@code subcommand} was given and runs {@code work} on it. */
    int withAdmin(String subcommand, AdminWork work) {
        BerthConfig config = flags.get(subcommand).load(new ConfigLoader(context.environment()));
        // Only problems reach the terminal: the output is the command's answer.
        LogSetup.apply(new LogConfig(LogLevel.WARN, config.log().format()));
        try (MetadataDatabase database = MetadataDatabase.openSqlite(config.metadata().path(),
                SqliteDurability.valueOf(config.metadata().sqliteDurability().name()))) {
            AccessControl access = AccessControl.create(new SqlIdentityStore(database), AccessSettings.DEFAULTS,
                    Clock.systemUTC());
            work.run(access.admin(), Actor.localOperator(context.osUser()), out());
            return 0;
        } catch (RegistryException e) {
            if (e.isServerError()) {
                throw e;
            }
            err().println("berth " + spec.name() + " " + subcommand + ": " + e.getMessage());
            err().flush();
            return REFUSED;
        }
    }

    /** A role option or parameter; a usage error (exit 2) for anything but the role names. */
    Role role(String subcommand, String text) {
        try {
            return Role.parse(text);
        } catch (RegistryException e) {
            throw new ParameterException(subcommand(subcommand), e.getMessage());
        }
    }

    AccessCommandContext context() {
        return context;
    }

    CommandLine subcommand(String name) {
        return spec.commandLine().getSubcommands().get(name);
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }
}
